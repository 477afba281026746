-- One database per service (each owns its own, none reads another's); run by the postgres image
-- on its first start, as POSTGRES_USER, which owns them.
CREATE DATABASE recruitment;
CREATE DATABASE reporting;
CREATE DATABASE deployment;
CREATE DATABASE grants;
