-- Run once by the MySQL image on an empty data directory (/docker-entrypoint-initdb.d).
CREATE DATABASE IF NOT EXISTS test;
USE test;
CREATE TABLE IF NOT EXISTS ratings (
  ReviewID INT NOT NULL,
  Rating INT,
  PRIMARY KEY (ReviewID)
);
INSERT INTO ratings (ReviewID, Rating) VALUES (1, 5), (2, 4);
