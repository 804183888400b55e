/*
 * Client options: the $options array of Vtws\Client::__construct(), validated strictly so
 * a typo never silently falls back to a default.
 */
#ifndef VTWS_OPTIONS_H
#define VTWS_OPTIONS_H

#include "php.h"
#include "http.h"

typedef struct {
	vtws_http_options http;
	bool auto_relogin;
	bool preserve_description;
	bool typed;
} vtws_client_options;

/* Starts from the INI defaults. On FAILURE a ValueError or TypeError naming the option
 * has been thrown and nothing needs freeing. */
zend_result vtws_client_options_parse(vtws_client_options *out, HashTable *options);

/* The options of Client::inProcess(): preserve_description and typed, validated as above;
 * an HTTP-only option is a ValueError saying so. */
zend_result vtws_client_options_parse_in_process(vtws_client_options *out, HashTable *options);

/* ---- option readers shared by every class that takes an $options array ---- */

/* A bool option; TypeError otherwise. */
zend_result vtws_option_bool(zval *value, const char *name, bool *out);

/* A string option without NUL bytes, replacing *out; with nullable, null leaves *out as
 * it is. TypeError or ValueError naming the option otherwise. */
zend_result vtws_option_string(zval *value, const char *name, bool nullable, zend_string **out);

/* ValueError unless path names a readable file. */
zend_result vtws_option_readable_file(const char *name, const zend_string *path);

#endif
