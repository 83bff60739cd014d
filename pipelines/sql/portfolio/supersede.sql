UPDATE packages SET superseded_by = :new WHERE package_id = :old
