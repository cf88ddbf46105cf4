-- expect: drop-table
DROP TABLE fx_older;
