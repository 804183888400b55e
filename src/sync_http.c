/*
 * A plain libcurl exchange for service requests. Vtiger's own transport (http.c) is shaped
 * around webservice.php (GET/POST, form bodies); services need every method, their own
 * headers and raw bodies.
 */
#include "sync_http.h"
#include "php_vtws.h"
#include "zend_smart_str.h"
#include <curl/curl.h>

typedef struct {
	smart_str body;
	zend_string *retry_after;
} exchange;

static size_t collect(char *data, size_t size, size_t nmemb, void *userdata)
{
	exchange *x = userdata;
	smart_str_appendl(&x->body, data, size * nmemb);
	return size * nmemb;
}

static size_t header_line(char *data, size_t size, size_t nmemb, void *userdata)
{
	exchange *x = userdata;
	size_t len = size * nmemb;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) - 1 && !strncasecmp(data, name, sizeof(name) - 1)) {
		const char *v = data + sizeof(name) - 1;
		size_t vlen = len - (sizeof(name) - 1);
		while (vlen > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			vlen--;
		}
		while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' ')) {
			vlen--;
		}
		if (x->retry_after) {
			zend_string_release(x->retry_after);
		}
		x->retry_after = zend_string_init(v, vlen, 0);
	}
	return len;
}

static struct curl_slist *header_list(const sync_http_request *request)
{
	struct curl_slist *list = NULL;
	zend_string *name;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL(request->headers), name, value) {
		zend_string *text;
		char *line;
		if (!name || Z_TYPE_P(value) != IS_STRING) {
			continue;
		}
		text = Z_STR_P(value);
		/* A header value with a line break would inject further headers. */
		if (memchr(ZSTR_VAL(text), '\n', ZSTR_LEN(text)) ||
			memchr(ZSTR_VAL(text), '\r', ZSTR_LEN(text))) {
			continue;
		}
		spprintf(&line, 0, "%s: %s", ZSTR_VAL(name), ZSTR_VAL(text));
		list = curl_slist_append(list, line);
		efree(line);
	}
	ZEND_HASH_FOREACH_END();
	/* libcurl would otherwise announce "Expect: 100-continue" for large bodies. */
	return curl_slist_append(list, "Expect:");
}

static void send_once(const sync_http_options *options, const sync_http_request *request,
	sync_http_response *response)
{
	CURL *c = curl_easy_init();
	struct curl_slist *headers;
	char error[CURL_ERROR_SIZE] = "";
	exchange x = {{0}, NULL};
	CURLcode code;

	if (!c) {
		response->error = estrdup("libcurl could not create a handle");
		return;
	}
	headers = header_list(request);
	curl_easy_setopt(c, CURLOPT_URL, ZSTR_VAL(request->url));
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, ZSTR_VAL(request->method));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long) (options->timeout * 1000));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, options->verify_peer ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, options->verify_peer ? 2L : 0L);
	if (options->ca_file && ZSTR_LEN(options->ca_file) > 0) {
		curl_easy_setopt(c, CURLOPT_CAINFO, ZSTR_VAL(options->ca_file));
	}
	curl_easy_setopt(c, CURLOPT_USERAGENT, VTWS_G(user_agent));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_line);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	if (request->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, ZSTR_VAL(request->body));
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) ZSTR_LEN(request->body));
	} else if (zend_string_equals_literal(request->method, "GET")) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	code = curl_easy_perform(c);
	if (code != CURLE_OK) {
		spprintf(&response->error, 0, "%s %s: %s", ZSTR_VAL(request->method),
			ZSTR_VAL(request->url), error[0] ? error : curl_easy_strerror(code));
		smart_str_free(&x.body);
		if (x.retry_after) {
			zend_string_release(x.retry_after);
		}
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response->status);
		smart_str_0(&x.body);
		response->body = x.body.s ? smart_str_extract(&x.body) : ZSTR_EMPTY_ALLOC();
		response->retry_after = x.retry_after;
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
}

void vtws_sync_http_send(const sync_http_options *options, const sync_http_request *request,
	sync_http_response *response)
{
	memset(response, 0, sizeof(*response));
	send_once(options, request, response);
	if (!response->error && (response->status == 429 || response->status == 503)) {
		zend_long wait = 1;
		if (response->retry_after) {
			wait = ZEND_STRTOL(ZSTR_VAL(response->retry_after), NULL, 10);
		}
		wait = MAX(0, MIN(wait, 30));
		sync_http_response_dtor(response);
		if (wait > 0) {
			php_sleep((unsigned) wait);
		}
		send_once(options, request, response);
		response->attempts = 2;
		return;
	}
	response->attempts = 1;
}

void sync_http_response_dtor(sync_http_response *response)
{
	if (response->body) {
		zend_string_release(response->body);
	}
	if (response->retry_after) {
		zend_string_release(response->retry_after);
	}
	if (response->error) {
		efree(response->error);
	}
	memset(response, 0, sizeof(*response));
}
