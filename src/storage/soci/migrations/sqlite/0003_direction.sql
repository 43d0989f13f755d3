-- "condition" is a reserved word in MySQL/MariaDB; one column name for every database keeps the
-- stores' SQL shared (DESIGN.md section 1: the same code on every backend).

ALTER TABLE alerts RENAME COLUMN condition TO direction;
ALTER TABLE notifications RENAME COLUMN condition TO direction;
