/** Configuration from WEIR_* variables and system properties, validated with messages that name the variable. */
package io.weir.core.config;
