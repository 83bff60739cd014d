UPDATE packages SET removed_at = :at WHERE number = :number AND removed_at IS NULL
