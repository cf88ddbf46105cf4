-- expect: script-timeout
SET lock_timeout = 0;
