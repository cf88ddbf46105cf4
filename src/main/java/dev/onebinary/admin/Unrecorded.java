package dev.onebinary.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command that only reads or prints (version, config, the ledger itself) and so leaves no row in the ledger.
 * Every other admin subcommand is recorded.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Unrecorded {}
