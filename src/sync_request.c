/*
 * Request building. Module elements replace the shared url, headers and parameters each
 * on their own (no merging); a push mode's url is appended and its parameters win.
 */
#include "sync_request.h"
#include "sync_crypto.h"
#include "ext/standard/php_string.h"
#include "ext/standard/php_http.h"
#include "ext/standard/url.h"
#include "ext/standard/base64.h"
#include "zend_smart_str.h"

void sync_http_request_dtor(sync_http_request *request)
{
	if (request->method) {
		zend_string_release(request->method);
	}
	if (request->url) {
		zend_string_release(request->url);
	}
	zval_ptr_dtor(&request->headers);
	if (request->body) {
		zend_string_release(request->body);
	}
	memset(request, 0, sizeof(*request));
	ZVAL_UNDEF(&request->headers);
}

bool sync_codes_match(const sync_codes *codes, long status)
{
	if (codes->code_count == 0) {
		return status >= 200 && status < 300;
	}
	for (uint32_t i = 0; i < codes->code_count; i++) {
		if (codes->codes[i] == status) {
			return true;
		}
	}
	return false;
}

zval *sync_header_find(zval *headers, const char *name)
{
	zend_string *key;
	zval *value;
	size_t len = strlen(name);

	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(headers), key, value) {
		if (key && ZSTR_LEN(key) == len && !zend_binary_strcasecmp(ZSTR_VAL(key), len, name, len)) {
			return value;
		}
	}
	ZEND_HASH_FOREACH_END();
	return NULL;
}

/* Header names are case-insensitive: a later definition replaces the value in place. */
static void header_set(zval *headers, const char *name, size_t len, zend_string *value)
{
	zend_string *key;
	zval *slot;

	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(headers), key, slot) {
		if (key && ZSTR_LEN(key) == len && !zend_binary_strcasecmp(ZSTR_VAL(key), len, name, len)) {
			zval_ptr_dtor(slot);
			ZVAL_STR(slot, value);
			return;
		}
	}
	ZEND_HASH_FOREACH_END();
	add_assoc_str_ex(headers, name, len, value);
}

static void header_default(zval *headers, const char *name, const char *value)
{
	if (!sync_header_find(headers, name)) {
		add_assoc_string(headers, name, value);
	}
}

/* ---- parameter trees ---------------------------------------------------------------- */

static zend_result pnode_eval(const sync_pnode *node, const sync_eval_ctx *ctx, zval *out)
{
	if (node->kind == SYNC_PNODE_EXPR) {
		return sync_expr_eval(&node->expr, ctx, out);
	}
	array_init_size(out, node->count);
	for (uint32_t i = 0; i < node->count; i++) {
		zval value;
		if (pnode_eval(&node->children[i], ctx, &value) == FAILURE) {
			zval_ptr_dtor(&value);
			return FAILURE;
		}
		if (node->kind == SYNC_PNODE_OBJECT) {
			zend_symtable_update(Z_ARRVAL_P(out), node->names[i], &value);
		} else {
			add_next_index_zval(out, &value);
		}
	}
	return SUCCESS;
}

zend_result sync_params_eval(const sync_params *params, const sync_eval_ctx *ctx, zval *out)
{
	return pnode_eval(&params->root, ctx, out);
}

/* ---- URLs --------------------------------------------------------------------------- */

static zend_string *placeholder_text(zval *value, bool urlencode)
{
	zend_string *text = Z_TYPE_P(value) == IS_ARRAY ? sync_json_encode(value)
													: zval_get_string(value);

	if (urlencode) {
		zend_string *encoded = php_raw_url_encode(ZSTR_VAL(text), ZSTR_LEN(text));
		zend_string_release(text);
		return encoded;
	}
	return text;
}

zend_string *sync_url_eval(const sync_url *url, const sync_eval_ctx *ctx, bool urlencode)
{
	zend_string *result = zend_string_copy(url->text);

	for (uint32_t i = 0; i < url->var_count; i++) {
		zval value;
		zend_string *needle, *text, *next;

		sync_expr_eval(&url->var_values[i], ctx, &value);
		text = placeholder_text(&value, urlencode);
		zval_ptr_dtor(&value);
		needle = zend_string_concat2("$", 1, ZSTR_VAL(url->var_names[i]),
			ZSTR_LEN(url->var_names[i]));
		next = php_str_to_str(ZSTR_VAL(result), ZSTR_LEN(result), ZSTR_VAL(needle),
			ZSTR_LEN(needle), ZSTR_VAL(text), ZSTR_LEN(text));
		zend_string_release(needle);
		zend_string_release(text);
		zend_string_release(result);
		result = next;
	}
	return result;
}

static bool is_absolute(const zend_string *url)
{
	return (ZSTR_LEN(url) >= 7 && !strncasecmp(ZSTR_VAL(url), "http://", 7)) ||
		(ZSTR_LEN(url) >= 8 && !strncasecmp(ZSTR_VAL(url), "https://", 8));
}

static zend_string *full_url(const sync_request_env *env, const sync_url *path,
	const sync_url *suffix, const sync_eval_ctx *ctx)
{
	zend_string *url = path ? sync_url_eval(path, ctx, env->urlencode) : ZSTR_EMPTY_ALLOC();

	if (!is_absolute(url) && env->model->service_url) {
		zend_string *base = sync_url_eval(env->model->service_url, ctx, env->urlencode);
		zend_string *joined = zend_string_concat2(ZSTR_VAL(base), ZSTR_LEN(base), ZSTR_VAL(url),
			ZSTR_LEN(url));
		zend_string_release(base);
		zend_string_release(url);
		url = joined;
	}
	if (suffix) {
		zend_string *tail = sync_url_eval(suffix, ctx, env->urlencode);
		zend_string *joined = zend_string_concat2(ZSTR_VAL(url), ZSTR_LEN(url), ZSTR_VAL(tail),
			ZSTR_LEN(tail));
		zend_string_release(tail);
		zend_string_release(url);
		url = joined;
	}
	return url;
}

/* ---- headers ------------------------------------------------------------------------ */

static void auth_header(const sync_request_env *env, const sync_eval_ctx *ctx, zval *headers)
{
	const sync_model *model = env->model;
	zval a, b;

	switch (model->auth) {
		case SYNC_AUTH_BASIC: {
			zend_string *user, *pass, *joined, *encoded;
			sync_expr_eval(&model->auth_a, ctx, &a);
			sync_expr_eval(&model->auth_b, ctx, &b);
			user = zval_get_string(&a);
			pass = zval_get_string(&b);
			joined = zend_string_concat3(ZSTR_VAL(user), ZSTR_LEN(user), ":", 1, ZSTR_VAL(pass),
				ZSTR_LEN(pass));
			encoded = php_base64_encode((unsigned char *) ZSTR_VAL(joined), ZSTR_LEN(joined));
			header_set(headers, "Authorization", sizeof("Authorization") - 1,
				zend_string_concat2("Basic ", 6, ZSTR_VAL(encoded), ZSTR_LEN(encoded)));
			zend_string_release(encoded);
			zend_string_release(joined);
			zend_string_release(user);
			zend_string_release(pass);
			zval_ptr_dtor(&a);
			zval_ptr_dtor(&b);
			break;
		}
		case SYNC_AUTH_APIKEY: {
			zend_string *token;
			sync_expr_eval(&model->auth_a, ctx, &a);
			token = zval_get_string(&a);
			header_set(headers, "Authorization", sizeof("Authorization") - 1,
				zend_string_concat2("Bearer ", 7, ZSTR_VAL(token), ZSTR_LEN(token)));
			zend_string_release(token);
			zval_ptr_dtor(&a);
			break;
		}
		case SYNC_AUTH_OAUTH:
			if (env->bearer) {
				header_set(headers, "Authorization", sizeof("Authorization") - 1,
					zend_string_concat2("Bearer ", 7, ZSTR_VAL(env->bearer),
						ZSTR_LEN(env->bearer)));
			}
			break;
		case SYNC_AUTH_NONE:
			break;
	}
}

static void build_headers(const sync_request_env *env, const sync_header *list, uint32_t count,
	const sync_eval_ctx *ctx, zval *headers)
{
	array_init(headers);
	add_assoc_string(headers, "Accept", "application/json");
	auth_header(env, ctx, headers);
	for (uint32_t i = 0; i < count; i++) {
		zval value;
		sync_expr_eval(&list[i].value, ctx, &value);
		header_set(headers, ZSTR_VAL(list[i].name), ZSTR_LEN(list[i].name),
			Z_TYPE(value) == IS_ARRAY ? sync_json_encode(&value) : zval_get_string(&value));
		zval_ptr_dtor(&value);
	}
}

/* ---- bodies ------------------------------------------------------------------------- */

static zend_string *json_body(const sync_params *params, zval *object)
{
	if (params->root.count == 1 && zend_string_equals_literal(params->root.names[0], "_raw_data")) {
		zval *raw = zend_hash_str_find(Z_ARRVAL_P(object), "_raw_data", sizeof("_raw_data") - 1);
		if (raw && Z_TYPE_P(raw) == IS_STRING) {
			return zend_string_copy(Z_STR_P(raw));
		}
		return raw ? sync_json_encode(raw) : ZSTR_EMPTY_ALLOC();
	}
	if (zend_hash_num_elements(Z_ARRVAL_P(object)) == 0) {
		return zend_string_init("{}", 2, 0);
	}
	return sync_json_encode(object);
}

static zend_string *form_text(zval *object)
{
	smart_str form = {0};

	php_url_encode_hash_ex(Z_ARRVAL_P(object), &form, NULL, 0, NULL, 0, NULL, 0, NULL, "&",
		PHP_QUERY_RFC1738);
	smart_str_0(&form);
	return form.s ? smart_str_extract(&form) : ZSTR_EMPTY_ALLOC();
}

static zend_string *eval_optional(const sync_expr *expr, const sync_eval_ctx *ctx)
{
	zval value;
	zend_string *text;

	if (!expr) {
		return NULL;
	}
	sync_expr_eval(expr, ctx, &value);
	text = zval_get_string(&value);
	zval_ptr_dtor(&value);
	return text;
}

static zend_result encrypt_body(const sync_params *params, const sync_eval_ctx *ctx,
	sync_http_request *out, char **error)
{
	zend_string *algo = eval_optional(params->algo, ctx);
	zend_string *key = eval_optional(params->key, ctx);
	zend_string *iv = eval_optional(params->iv, ctx);
	zend_string *cipher = sync_encrypt(algo, key, iv, ZSTR_VAL(out->body), ZSTR_LEN(out->body),
		error);

	if (algo) {
		zend_string_release(algo);
	}
	if (key) {
		zend_string_release(key);
	}
	if (iv) {
		zend_string_release(iv);
	}
	if (!cipher) {
		return FAILURE;
	}
	zend_string_release(out->body);
	out->body = cipher;
	return SUCCESS;
}

static zend_result encode_params(const sync_params *params, bool encrypt, const sync_eval_ctx *ctx,
	sync_http_request *out, char **error)
{
	zval object;

	if (!params) {
		if (!zend_string_equals_literal(out->method, "GET")) {
			out->body = ZSTR_EMPTY_ALLOC();
		}
		return SUCCESS;
	}
	if (sync_params_eval(params, ctx, &object) == FAILURE) {
		zval_ptr_dtor(&object);
		spprintf(error, 0, "a parameter could not be evaluated");
		return FAILURE;
	}
	if (params->raw) {
		out->body = json_body(params, &object);
		zval_ptr_dtor(&object);
		if (encrypt) {
			header_default(&out->headers, "Content-Type", "text/plain");
			return encrypt_body(params, ctx, out, error);
		}
		header_default(&out->headers, "Content-Type", "application/json");
		return SUCCESS;
	}
	zend_string *form = form_text(&object);
	zval_ptr_dtor(&object);
	if (zend_string_equals_literal(out->method, "GET") ||
		zend_string_equals_literal(out->method, "DELETE")) {
		if (ZSTR_LEN(form) > 0) {
			bool has_query = memchr(ZSTR_VAL(out->url), '?', ZSTR_LEN(out->url)) != NULL;
			zend_string *url = zend_string_concat3(ZSTR_VAL(out->url), ZSTR_LEN(out->url),
				has_query ? "&" : "?", 1, ZSTR_VAL(form), ZSTR_LEN(form));
			zend_string_release(out->url);
			out->url = url;
		}
		zend_string_release(form);
		return SUCCESS;
	}
	header_default(&out->headers, "Content-Type", "application/x-www-form-urlencoded");
	out->body = form;
	return SUCCESS;
}

/* ---- requests ----------------------------------------------------------------------- */

static const sync_override *override_of(const sync_request *request, const sync_pair *pair)
{
	for (uint32_t i = 0; i < request->override_count; i++) {
		if (zend_string_equals(request->overrides[i].module, pair->vtigermodule)) {
			return &request->overrides[i];
		}
	}
	return NULL;
}

/* The url, headers and parameters in force for a pair. */
static void resolve_part(const sync_request *request, const sync_pair *pair,
	sync_request_part *part)
{
	const sync_override *o = override_of(request, pair);

	*part = request->shared;
	if (o) {
		if (o->part.url) {
			part->url = o->part.url;
		}
		if (o->part.has_headers) {
			part->headers = o->part.headers;
			part->header_count = o->part.header_count;
		}
		if (o->part.params) {
			part->params = o->part.params;
		}
	}
}

zend_result sync_build_request(const sync_request_env *env, const sync_pair *pair,
	const sync_direction *dir, int mode, const sync_eval_ctx *ctx, sync_http_request *out,
	char **error)
{
	const sync_request *request = &dir->request;
	const sync_mode *m = mode >= 0 && request->modes[mode].present ? &request->modes[mode] : NULL;
	sync_request_part part;

	memset(out, 0, sizeof(*out));
	resolve_part(request, pair, &part);
	out->method = zend_string_copy(m && m->method ? m->method : request->method);
	out->url = full_url(env, part.url, m ? m->url : NULL, ctx);
	build_headers(env, part.headers, part.header_count, ctx, &out->headers);
	if (encode_params(m && m->params ? m->params : part.params, request->encrypt, ctx, out,
			error) == FAILURE) {
		sync_http_request_dtor(out);
		return FAILURE;
	}
	return SUCCESS;
}

zend_result sync_build_append(const sync_request_env *env, const sync_pair *pair,
	const sync_append *append, const sync_eval_ctx *ctx, sync_http_request *out, char **error)
{
	sync_request_part part;

	memset(out, 0, sizeof(*out));
	resolve_part(&env->model->pull.request, pair, &part);
	out->method = zend_string_init("GET", 3, 0);
	out->url = full_url(env, append->url, NULL, ctx);
	build_headers(env, part.headers, part.header_count, ctx, &out->headers);
	return SUCCESS;
}
