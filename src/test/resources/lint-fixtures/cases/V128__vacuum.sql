-- expect-none: vacuum-full
VACUUM fx_archive;
