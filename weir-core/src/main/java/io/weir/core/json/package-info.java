/** JSON mapping shared by every module: mapper configuration and readable parse errors. */
package io.weir.core.json;
