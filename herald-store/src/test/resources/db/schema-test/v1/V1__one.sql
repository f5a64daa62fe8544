-- SchemaTest: the first release of a small schema.
CREATE TABLE one (id INTEGER PRIMARY KEY);
