-- SchemaTest: the next release adds a table.
CREATE TABLE two (id INTEGER PRIMARY KEY);
