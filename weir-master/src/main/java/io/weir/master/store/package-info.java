/** The master's durable store: one interface, a JDBC implementation for H2 and PostgreSQL with Flyway migrations. */
package io.weir.master.store;
