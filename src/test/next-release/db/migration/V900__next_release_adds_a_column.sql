-- The next release, as the two-release integration tests build it (pom.xml, execution next-release): one migration
-- that the release under test does not know. Expand-style, so the release under test still works against it.
ALTER TABLE records ADD COLUMN next_release_note TEXT;
