/*
 * The in-memory form of a Sync Connector definition, built by sync_load.c and read by the
 * request builder and the engine. Everything is allocated with emalloc and released by
 * sync_model_free().
 */
#ifndef VTWS_SYNC_MODEL_H
#define VTWS_SYNC_MODEL_H

#include "php.h"
#include "sync_value.h"

/* A parameter tree (section 4 of the specification). */
typedef enum {
	SYNC_PNODE_EXPR, /* a value */
	SYNC_PNODE_OBJECT, /* names[i] => children[i] */
	SYNC_PNODE_LIST, /* [children...] */
} sync_pnode_kind;

typedef struct sync_pnode {
	sync_pnode_kind kind;
	sync_expr expr;
	uint32_t count;
	zend_string **names;
	struct sync_pnode *children;
} sync_pnode;

typedef struct {
	sync_pnode root; /* an object */
	bool raw; /* raw-post-data: JSON body */
	sync_expr *key, *iv, *algo; /* encryption settings of a push request, NULL if absent */
	uint32_t line;
} sync_params;

typedef struct {
	zend_string *name;
	sync_expr value;
} sync_header;

typedef struct {
	zend_string *text;
	uint32_t var_count; /* sorted longest name first, so $IDX is replaced before $ID */
	zend_string **var_names;
	sync_expr *var_values;
} sync_url;

/* The items of a request a module element may replace, each on its own. */
typedef struct {
	sync_url *url;
	sync_header *headers;
	uint32_t header_count;
	bool has_headers;
	sync_params *params;
} sync_request_part;

typedef struct {
	zend_string *module; /* vtigermodule */
	sync_request_part part;
} sync_override;

typedef enum {
	SYNC_MODE_CREATE = 0,
	SYNC_MODE_UPDATE,
	SYNC_MODE_DELETE,
	SYNC_MODE_COUNT
} sync_mode_kind;

typedef struct {
	zend_string *name;
	sync_expr value;
} sync_property;

typedef struct {
	bool present;
	zend_string *method; /* NULL: the request's */
	sync_url *url; /* appended to the request URL */
	zend_long batchlimit;
	bool has_record;
	bool overwrite;
	sync_property *properties;
	uint32_t property_count;
	sync_params *params;
} sync_mode;

typedef struct {
	zend_string *method; /* upper case */
	bool encrypt;
	sync_request_part shared;
	sync_override *overrides;
	uint32_t override_count;
	sync_mode modes[SYNC_MODE_COUNT];
	bool has_modes;
} sync_request;

/* A "use" attribute: a path, the whole response or the current time. */
typedef enum { SYNC_USE_NONE = 0, SYNC_USE_PATH, SYNC_USE_RESPONSE, SYNC_USE_NOW } sync_use_kind;

typedef struct {
	sync_use_kind kind;
	zend_string *path;
} sync_use;

typedef struct {
	zend_long *codes; /* NULL: any 2xx */
	uint32_t code_count;
} sync_codes;

typedef struct {
	zend_string *name;
	sync_use use;
} sync_append_key;

typedef struct {
	sync_url *url;
	sync_append_key *keys;
	uint32_t key_count;
} sync_append;

typedef struct {
	bool present;
	sync_request request;
	/* pull response */
	sync_codes codes;
	sync_use error, records, recordid, recordmodifiedtime, recorddeleted;
	bool decrypt;
	sync_expr *algo, *key, *iv;
	sync_append *appends;
	uint32_t append_count;
	/* push response */
	sync_codes mode_codes[SYNC_MODE_COUNT];
	sync_use createdrecords;
} sync_direction;

typedef struct {
	zend_string *vtigerfield;
	zend_string *servicefield;
	sync_expr serviceformat; /* formats only */
} sync_field;

typedef struct {
	zend_string *module;
	sync_field *fields;
	uint32_t field_count;
	bool has_lineitems;
	zend_string *lineitems_vtiger;
	zend_string *lineitems_service;
	sync_field *line_fields;
	uint32_t line_field_count;
} sync_mapping;

typedef struct {
	zend_string *vtigermodule;
	zend_string *servicemodule;
	uint32_t *deps; /* indexes into pairs */
	uint32_t dep_count;
	sync_mapping *mapping; /* NULL when the definition maps no field */
} sync_pair;

typedef struct {
	zend_string *name;
	zend_string *type;
	zend_string *default_value;
	bool required;
	bool presync;
} sync_config_field;

typedef enum { SYNC_AUTH_NONE, SYNC_AUTH_BASIC, SYNC_AUTH_APIKEY, SYNC_AUTH_OAUTH } sync_auth_kind;

typedef struct {
	zend_string *synctype; /* user, userandgroup, app */
	const char *sync_type; /* webservice syncType: user, userandgroup, application */
	sync_config_field *config;
	uint32_t config_count;
	sync_pair *pairs;
	uint32_t pair_count;
	uint32_t *order; /* pair indexes, dependencies first */
	sync_mapping *mappings;
	uint32_t mapping_count;
	sync_url *service_url;
	sync_auth_kind auth;
	sync_expr auth_a, auth_b; /* basic: username, password; apikey: token */
	sync_direction pull, push;
} sync_model;

void sync_model_free(sync_model *model);

/* Index of the pair whose vtigermodule is module, or -1. */
int sync_model_find_pair(const sync_model *model, const char *module, size_t len);

void sync_pnode_dtor(sync_pnode *node);
void sync_params_free(sync_params *params);
void sync_url_free(sync_url *url);

#endif
