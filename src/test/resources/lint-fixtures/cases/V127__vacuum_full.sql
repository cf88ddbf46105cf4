-- expect: vacuum-full
VACUUM FULL fx_archive;
