INSERT INTO notes (number, country, visit, criterion, score, comment, written_at, written_by)
VALUES (:number, :country, :visit, :criterion, :score, :comment, :written_at, :written_by)
