-- Schema and seed for ratings v2 (SERVICE_VERSION=v2, DB_TYPE=mysql), as upstream's mysqldb image:
-- database `test`, table `ratings`, the two ratings upstream serves (5 and 4).
-- The MySQL image runs this once, when its data volume is empty.
CREATE DATABASE IF NOT EXISTS test;
USE test;

CREATE TABLE IF NOT EXISTS ratings (
  ReviewID INT NOT NULL,
  Rating INT,
  PRIMARY KEY (ReviewID)
);

INSERT INTO ratings (ReviewID, Rating) VALUES (1, 5), (2, 4)
  ON DUPLICATE KEY UPDATE Rating = VALUES(Rating);
