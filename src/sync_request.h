/*
 * Turns the request elements of a definition into concrete HTTP requests: URL placeholders,
 * headers with auth, parameter trees encoded as JSON, query string or form body, and the
 * optional encryption of push bodies.
 */
#ifndef VTWS_SYNC_REQUEST_H
#define VTWS_SYNC_REQUEST_H

#include "php.h"
#include "sync_model.h"

typedef struct {
	zend_string *method;
	zend_string *url;
	zval headers; /* name => value, names as first written */
	zend_string *body; /* NULL: no body */
} sync_http_request;

/* What every request of a connector shares. */
typedef struct {
	const sync_model *model;
	HashTable *config;
	zend_string *bearer; /* access token of an oauth connector, may be NULL */
	bool urlencode; /* URL placeholder values are URL-encoded */
} sync_request_env;

void sync_http_request_dtor(sync_http_request *request);

/* Builds the pull request (mode < 0) or the push request of a mode for a pair.
 * On FAILURE *error (emalloc'd) says why; nothing is left to free. */
zend_result sync_build_request(const sync_request_env *env, const sync_pair *pair,
	const sync_direction *dir, int mode, const sync_eval_ctx *ctx, sync_http_request *out,
	char **error);

/* Builds one appendfields request (GET, the pull request's headers). */
zend_result sync_build_append(const sync_request_env *env, const sync_pair *pair,
	const sync_append *append, const sync_eval_ctx *ctx, sync_http_request *out, char **error);

/* Evaluates a parameter tree into an array. FAILURE only after an exception. */
zend_result sync_params_eval(const sync_params *params, const sync_eval_ctx *ctx, zval *out);

/* Evaluates a URL with its placeholders. */
zend_string *sync_url_eval(const sync_url *url, const sync_eval_ctx *ctx, bool urlencode);

/* Whether status is in the list (any 2xx when the list is empty). */
bool sync_codes_match(const sync_codes *codes, long status);

/* The header value named name (case-insensitive) or NULL. */
zval *sync_header_find(zval *headers, const char *name);

#endif
