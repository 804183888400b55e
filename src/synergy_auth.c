/*
 * Access tokens. The vendor asks clients not to fetch a token per call: one token is fetched
 * per set of credentials and kept in a process-wide cache (persistent memory, so it also
 * serves later requests of a web server process) until shortly before it expires. The token
 * endpoint allows 100 requests per minute and address, so this process never sends more than
 * that in any 60 seconds.
 */
#include "synergy_auth.h"
#include "encode.h"
#include "errors.h"
#include "php_vtws.h"
#include "ext/hash/php_hash.h"
#include "ext/hash/php_hash_sha.h"
#include "ext/json/php_json.h"
#include "ext/standard/base64.h"
#include "ext/standard/md5.h"
#include <sys/time.h>
#include <time.h>

/* The vendor's sample renews a token 60 s before it expires; short-lived tokens (tests) are
 * used for half their lifetime instead. */
#define TOKEN_SAFETY_MARGIN 60.0
/* Longest wait honoured after a 429 of the token endpoint. */
#define TOKEN_MAX_WAIT_US 60000000L

typedef struct {
	char *token; /* persistent */
	size_t len;
	double renew_at; /* wall-clock seconds */
} cached_token;

static double wall_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double) tv.tv_sec + (double) tv.tv_usec / 1e6;
}

static double monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void cached_token_dtor(zval *zv)
{
	cached_token *entry = Z_PTR_P(zv);

	ZEND_SECURE_ZERO(entry->token, entry->len);
	pefree(entry->token, 1);
	pefree(entry, 1);
}

static void hash_part(PHP_SHA256_CTX *ctx, const zend_string *part)
{
	/* The NUL keeps ("ab", "c") and ("a", "bc") apart. */
	PHP_SHA256Update(ctx, (const unsigned char *) ZSTR_VAL(part), ZSTR_LEN(part));
	PHP_SHA256Update(ctx, (const unsigned char *) "", 1);
}

zend_string *vtws_synergy_token_key(const vtws_synergy_client *client)
{
	PHP_SHA256_CTX ctx;
	unsigned char digest[32];
	zend_string *key = zend_string_alloc(64, 0);

	PHP_SHA256Init(&ctx);
	hash_part(&ctx, client->auth_url);
	hash_part(&ctx, client->audience);
	hash_part(&ctx, client->account);
	hash_part(&ctx, client->client_id);
	hash_part(&ctx, client->secret);
	hash_part(&ctx, client->scopes);
	PHP_SHA256Final(digest, &ctx);
	make_digest_ex(ZSTR_VAL(key), digest, sizeof(digest));
	ZSTR_VAL(key)[64] = '\0';
	ZEND_SECURE_ZERO(&ctx, sizeof(ctx));
	return key;
}

static cached_token *find_cached(const vtws_synergy_client *client)
{
	HashTable *cache = VTWS_G(synergy_tokens);
	return cache ? zend_hash_find_ptr(cache, client->token_key) : NULL;
}

bool vtws_synergy_token_cached(const vtws_synergy_client *client)
{
	cached_token *entry = find_cached(client);
	return entry && wall_now() < entry->renew_at;
}

static void store(const vtws_synergy_client *client, const zend_string *token, double lifetime)
{
	HashTable *cache = VTWS_G(synergy_tokens);
	cached_token *entry = pemalloc(sizeof(*entry), 1);
	double margin = lifetime > 2 * TOKEN_SAFETY_MARGIN ? TOKEN_SAFETY_MARGIN : lifetime / 2;

	if (!cache) {
		cache = pemalloc(sizeof(HashTable), 1);
		zend_hash_init(cache, 8, NULL, cached_token_dtor, 1);
		VTWS_G(synergy_tokens) = cache;
	}
	entry->len = ZSTR_LEN(token);
	entry->token = pemalloc(entry->len + 1, 1);
	memcpy(entry->token, ZSTR_VAL(token), entry->len + 1);
	entry->renew_at = wall_now() + lifetime - margin;
	zend_hash_str_update_ptr(cache, ZSTR_VAL(client->token_key), ZSTR_LEN(client->token_key),
		entry);
}

void vtws_synergy_token_invalidate(vtws_synergy_client *client, const zend_string *used)
{
	cached_token *entry = find_cached(client);

	if (entry && entry->len == ZSTR_LEN(used) &&
		memcmp(entry->token, ZSTR_VAL(used), entry->len) == 0) {
		zend_hash_del(VTWS_G(synergy_tokens), client->token_key);
	}
}

void vtws_synergy_tokens_forget(void)
{
	if (VTWS_G(synergy_tokens)) {
		zend_hash_clean(VTWS_G(synergy_tokens));
	}
}

void vtws_synergy_tokens_free(HashTable **cache)
{
	if (*cache) {
		zend_hash_destroy(*cache);
		pefree(*cache, 1);
		*cache = NULL;
	}
}

/* ---- the token endpoint ---- */

/* Records one token request in the process's 60-second window; refuses (429) when the
 * endpoint's limit is used up, rather than sending a request bound to be refused. */
static zend_result count_token_request(const char *path)
{
	double now = wall_now();
	uint32_t next = VTWS_G(synergy_token_request_next);
	double oldest = VTWS_G(synergy_token_requests)[next];

	if (oldest > 0 && now - oldest < 60.0) {
		char message[160];
		snprintf(message, sizeof(message),
			"this process sent %d token requests in the last minute, the endpoint's limit; "
			"retry in %.0f s",
			VTWS_SYNERGY_TOKEN_REQUESTS_PER_MINUTE, ceil(60.0 - (now - oldest)));
		vtws_synergy_throw_api_error("token", 429, "Too Many Requests", message, path);
		return FAILURE;
	}
	VTWS_G(synergy_token_requests)[next] = now;
	VTWS_G(synergy_token_request_next) = (next + 1) % VTWS_SYNERGY_TOKEN_REQUESTS_PER_MINUTE;
	return SUCCESS;
}

static zend_string *token_form(const vtws_synergy_client *client)
{
	smart_str form = {0};

	vtws_form_add(&form, "grant_type", "client_credentials", sizeof("client_credentials") - 1);
	vtws_form_add(&form, "audience", ZSTR_VAL(client->audience), ZSTR_LEN(client->audience));
	vtws_form_add(&form, "scope", ZSTR_VAL(client->scopes), ZSTR_LEN(client->scopes));
	smart_str_0(&form);
	return form.s;
}

/* "Basic base64(id:secret)"; the caller wipes and frees it. */
static zend_string *basic_credentials(const vtws_synergy_client *client)
{
	zend_string *pair = zend_string_concat3(ZSTR_VAL(client->client_id),
		ZSTR_LEN(client->client_id), ":", 1, ZSTR_VAL(client->secret), ZSTR_LEN(client->secret));
	zend_string *encoded = php_base64_encode((const unsigned char *) ZSTR_VAL(pair),
		ZSTR_LEN(pair));
	zend_string *value = zend_string_concat2("Basic ", 6, ZSTR_VAL(encoded), ZSTR_LEN(encoded));

	ZEND_SECURE_ZERO(ZSTR_VAL(pair), ZSTR_LEN(pair));
	ZEND_SECURE_ZERO(ZSTR_VAL(encoded), ZSTR_LEN(encoded));
	zend_string_efree(pair);
	zend_string_efree(encoded);
	return value;
}

/* A token goes into a header line: printable ASCII only. */
static bool is_header_safe(const zend_string *token)
{
	for (size_t i = 0; i < ZSTR_LEN(token); i++) {
		unsigned char c = (unsigned char) ZSTR_VAL(token)[i];
		if (c <= 0x20 || c >= 0x7F) {
			return false;
		}
	}
	return ZSTR_LEN(token) > 0;
}

static void throw_bad_token_answer(const char *what)
{
	/* The body is not quoted: it may hold a token. */
	vtws_error_context ctx = {.operation = "token", .http_status = 200};
	vtws_throw_protocol_error(&ctx, -1, "token: the token endpoint's answer %s", what);
}

/* Reads {access_token, expires_in, scope, token_type} and caches the token. */
static zend_string *adopt_token(vtws_synergy_client *client, const vtws_http_response *response)
{
	zval json;
	const char *body = response->body.s ? ZSTR_VAL(response->body.s) : "";
	size_t len = response->body.s ? ZSTR_LEN(response->body.s) : 0;

	if (php_json_decode_ex(&json, body, len, PHP_JSON_OBJECT_AS_ARRAY, 8) == FAILURE ||
		Z_TYPE(json) != IS_ARRAY) {
		JSON_G(error_code) = PHP_JSON_ERROR_NONE;
		zval_ptr_dtor(&json);
		throw_bad_token_answer("is not a JSON object");
		return NULL;
	}
	zval *token = zend_hash_str_find(Z_ARRVAL(json), "access_token", sizeof("access_token") - 1);
	zval *expires = zend_hash_str_find(Z_ARRVAL(json), "expires_in", sizeof("expires_in") - 1);
	zval *type = zend_hash_str_find(Z_ARRVAL(json), "token_type", sizeof("token_type") - 1);
	zend_string *result = NULL;

	if (!token || Z_TYPE_P(token) != IS_STRING || !is_header_safe(Z_STR_P(token))) {
		throw_bad_token_answer("has no usable access_token");
	} else if (!expires || (Z_TYPE_P(expires) != IS_LONG && Z_TYPE_P(expires) != IS_DOUBLE) ||
		zval_get_double(expires) <= 0) {
		throw_bad_token_answer("has no positive expires_in");
	} else if (type &&
		(Z_TYPE_P(type) != IS_STRING || !zend_string_equals_literal_ci(Z_STR_P(type), "bearer"))) {
		throw_bad_token_answer("has a token_type other than bearer");
	} else {
		store(client, Z_STR_P(token), zval_get_double(expires));
		result = zend_string_init(Z_STRVAL_P(token), Z_STRLEN_P(token), 0);
	}
	zval_ptr_dtor(&json);
	return result;
}

static const char *url_path(const zend_string *url)
{
	const char *s = strstr(ZSTR_VAL(url), "://");
	const char *path = s ? strchr(s + 3, '/') : NULL;
	return path ? path : "/";
}

static zend_string *fetch_token(vtws_synergy_client *client)
{
	zend_string *form = token_form(client);
	zend_string *auth = basic_credentials(client);
	struct curl_slist *headers = vtws_http_headers("application/json",
		"application/x-www-form-urlencoded", ZSTR_VAL(auth));
	vtws_http_request request = {
		.method = VTWS_POST,
		.url = ZSTR_VAL(client->auth_url),
		.payload = form,
		.headers = headers,
		.idempotent = true,
		.operation = "token",
		.secret = client->secret,
	};
	vtws_http_response response;
	zend_string *token = NULL;

	ZEND_SECURE_ZERO(ZSTR_VAL(auth), ZSTR_LEN(auth));
	zend_string_efree(auth);
	for (zend_long attempt = 0;; attempt++) {
		if (count_token_request(url_path(client->auth_url)) == FAILURE ||
			vtws_http_perform(&client->http, &request, &response) == FAILURE) {
			break;
		}
		if (response.status == 200) {
			token = adopt_token(client, &response);
			vtws_http_response_dtor(&response);
			break;
		}
		bool again = (response.status == 429 || response.status >= 500) &&
			attempt < client->retries;
		if (!again) {
			vtws_synergy_throw_answer("token", &response, url_path(client->auth_url),
				client->secret);
			vtws_http_response_dtor(&response);
			break;
		}
		zend_long wait = vtws_synergy_retry_wait_us(&response, attempt);
		vtws_http_response_dtor(&response);
		vtws_synergy_sleep_us(wait < TOKEN_MAX_WAIT_US ? wait : TOKEN_MAX_WAIT_US);
	}
	vtws_http_headers_free(headers);
	zend_string_release(form);
	return token;
}

zend_string *vtws_synergy_token(vtws_synergy_client *client)
{
	cached_token *entry = find_cached(client);

	if (entry && wall_now() < entry->renew_at) {
		return zend_string_init(entry->token, entry->len, 0);
	}
	return fetch_token(client);
}

/* ---- client-side rate bucket ---- */

/* The server counts a request when it arrives, a little after we take it here; delays that
 * vary from request to request could let the server's bucket run dry while ours still has a
 * token. Keeping this much in reserve (50 ms of refill) absorbs that without lowering the
 * steady rate. */
#define BUCKET_RESERVE_SECONDS 0.05

void vtws_synergy_bucket_init(vtws_synergy_bucket *bucket, double rate, double burst)
{
	bucket->rate = rate;
	bucket->burst = burst;
	bucket->level = burst;
	bucket->updated = 0; /* full until the first request, like the server's */
}

static void refill(vtws_synergy_bucket *bucket)
{
	double now = monotonic_now();

	if (bucket->updated > 0) {
		bucket->level += (now - bucket->updated) * bucket->rate;
	}
	if (bucket->level > bucket->burst) {
		bucket->level = bucket->burst;
	}
	bucket->updated = now;
}

void vtws_synergy_bucket_take(vtws_synergy_bucket *bucket)
{
	if (bucket->rate <= 0) {
		return;
	}
	double reserve = bucket->rate * BUCKET_RESERVE_SECONDS;
	if (reserve > bucket->burst - 1) {
		reserve = bucket->burst - 1;
	}
	refill(bucket);
	if (bucket->level < 1 + reserve) {
		vtws_synergy_sleep_us((zend_long) ((1 + reserve - bucket->level) / bucket->rate * 1e6) + 1);
		refill(bucket);
	}
	bucket->level -= 1;
}

void vtws_synergy_bucket_drain(vtws_synergy_bucket *bucket)
{
	if (bucket->rate <= 0) {
		return;
	}
	refill(bucket);
	if (bucket->level > 0) {
		bucket->level = 0;
	}
}
