-- SchemaTest: a repeatable migration, which Flyway re-checks on every run.
CREATE VIEW IF NOT EXISTS one_view AS SELECT id FROM one;
