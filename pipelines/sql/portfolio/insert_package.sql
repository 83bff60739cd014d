INSERT INTO packages (digest, number, acronym, title, created, figures_as_of, format_version,
                      descriptor, added_at, added_by)
VALUES (:digest, :number, :acronym, :title, :created, :figures_as_of, :format_version,
        :descriptor, :added_at, :added_by)
