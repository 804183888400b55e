/*
 * Vtws\Client: the object, its session state and the request/response cycle every
 * operation goes through.
 */
#ifndef VTWS_CLIENT_H
#define VTWS_CLIENT_H

#include "php.h"
#include "http.h"

extern zend_class_entry *vtws_ce_client;

typedef struct {
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
	bool auto_relogin;
	bool preserve_description; /* see Client::update() */
	bool typed; /* convert results by describe's field types */
	HashTable *type_maps; /* module name => type map (see typed.h) */
	bool constructed;
	zend_object std;
} vtws_client;

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

/* The client behind $this, or NULL after throwing when it was never constructed. */
vtws_client *vtws_client_this(zval *this_zv);

#endif
