-- expect: script-timeout
SET statement_timeout = '10min';
