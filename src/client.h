/*
 * Vtws\Client: the object, its session state and the request/response cycle every
 * operation goes through.
 */
#ifndef VTWS_CLIENT_H
#define VTWS_CLIENT_H

#include "php.h"
#include "http.h"
#include "pool.h"
#include "decode.h"

extern zend_class_entry *vtws_ce_client;

struct _vtws_client {
	vtws_http http;
	zend_string *endpoint; /* full .../webservice.php URL */
	zend_string *session_name; /* secret: masked in every dump and message */
	zend_string *user_id;
	zend_string *vtiger_version;
	zend_string *api_version;
	zend_string *username; /* kept for the transparent re-login */
	zend_string *access_key; /* secret, idem */
	HashTable *describe_cache; /* module name => describe result */
	struct vtws_local *local; /* in-process transport (Client::inProcess()), NULL over HTTP */
	vtws_session_pool pool; /* extra sessions for concurrent requests */
	bool auto_relogin;
	bool preserve_description; /* see Client::update() */
	bool typed; /* convert results by describe's field types */
	HashTable *type_maps; /* module name => type map (see typed.h) */
	bool constructed;
	zend_object std;
};

static inline vtws_client *vtws_client_from_obj(zend_object *obj)
{
	return (vtws_client *) ((char *) obj - XtOffsetOf(vtws_client, std));
}

#define Z_VTWS_CLIENT_P(zv) vtws_client_from_obj(Z_OBJ_P(zv))

void vtws_client_setup_class(zend_class_entry *ce);

/* Sends one operation with its parameters (name => value, see vtws_form_add_value) by
 * the HTTP method Vtiger registered for it, and puts the decoded "result" into *result.
 * Re-logs in once when the session has expired and credentials are known.
 * On FAILURE an exception has been thrown and *result is NULL. */
zend_result vtws_client_call(vtws_client *client, const char *operation, vtws_http_method method,
	HashTable *params, zval *result);

/* The describe result of a module, cached for the client's lifetime; FAILURE after throwing. */
zend_result vtws_client_describe(vtws_client *client, zend_string *module, zval *out);

/* Sends one terminated VTQL statement; rows must be a list. */
zend_result vtws_client_query(vtws_client *client, zend_string *statement, zval *rows);

/* ---- the request cycle in parts, for concurrent calls (pool.c) ---- */

/* Form body of one request; session: the sessionName to send, NULL for none.
 * NULL after throwing ValueError for a parameter that cannot be encoded. */
zend_string *vtws_client_payload(const char *operation, HashTable *params,
	const zend_string *session);

/* Reads one answer: the envelope status as vtws_unwrap_envelope(), HTTP errors included. */
vtws_envelope_status vtws_client_read_answer(const char *operation,
	const vtws_http_response *response, const zend_string *secret, zval *result,
	vtws_api_error *error);

/* Whether an API error means the session is gone, and whether the client may log in again
 * for the operation by itself. */
bool vtws_client_is_session_error(const vtws_api_error *error);
bool vtws_client_may_relogin(const vtws_client *client, const char *operation);

/* Logs the client's own session in again with its stored credentials. */
zend_result vtws_client_relogin(vtws_client *client);

/* Asks for a challenge token for the client's user (credentials needed). */
zend_result vtws_client_challenge(vtws_client *client, zend_string **token);

/* login's parameters for a token: username and the digest of token and access key. */
void vtws_client_login_params(vtws_client *client, const zend_string *token, zval *params);

/* The sessionName of a login answer (a new reference) or NULL. */
zend_string *vtws_client_session_of(const zval *login_result);

/* Logs in one more session of the client's user, leaving the client's own untouched. */
zend_result vtws_client_open_session(vtws_client *client, zend_string **session);

/* The client behind $this, or NULL after throwing when it was never constructed. */
vtws_client *vtws_client_this(zval *this_zv);

#endif
