INSERT INTO notes (number, visit, criterion, score, comment, written_at, written_by)
VALUES (:number, :visit, :criterion, :score, :comment, :written_at, :written_by)
