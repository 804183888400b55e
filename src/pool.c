/*
 * Session pool and batches of concurrent calls over curl multi.
 *
 * A call goes through the same steps as a sequential one (vtws_client_call): send, retry a
 * GET after a transport failure, log in again once after a session error, decode the
 * envelope. Failures are not thrown but kept with the call, so one failed call never stops
 * the others: the owner decides what to throw and when.
 */
#include "pool.h"
#include "client.h"
#include "errors.h"
#include "zend_exceptions.h"
#include "ext/standard/hrtime.h"

/* Longest wait for a logout when the client lets go of its extra sessions. */
#define VTWS_RELEASE_TIMEOUT_MS 2000L

static zend_long now_us(void)
{
	return (zend_long) (php_hrtime_current() / 1000);
}

/* ---- session pool ---- */

void vtws_session_pool_init(vtws_session_pool *pool)
{
	memset(pool, 0, sizeof(*pool));
}

uint32_t vtws_session_pool_slots(const vtws_client *client)
{
	return 1 + client->pool.count;
}

static zend_string *slot_session(const vtws_client *client, int slot)
{
	if (slot == 0) {
		return client->session_name;
	}
	if (slot > 0 && (uint32_t) slot <= client->pool.count) {
		return client->pool.extra[slot - 1];
	}
	return NULL;
}

static void forget_extra_sessions(vtws_client *client)
{
	for (uint32_t i = 0; i < client->pool.count; i++) {
		zend_string_release(client->pool.extra[i]);
		client->pool.extra[i] = NULL;
	}
	client->pool.count = 0;
}

typedef struct {
	CURL *handle;
	zend_string *payload;
	vtws_http_response response;
	char error[CURL_ERROR_SIZE];
} quiet_logout;

static bool start_quiet_logout(vtws_client *client, CURLM *multi, zend_string *session,
	quiet_logout *out)
{
	char *get_url = NULL;

	out->handle = vtws_http_acquire(&client->http);
	if (!out->handle) {
		return false;
	}
	out->payload = vtws_client_payload("logout", NULL, session);
	vtws_http_request request = {
		.method = VTWS_POST,
		.url = ZSTR_VAL(client->endpoint),
		.payload = out->payload,
		.operation = "logout",
		.secret = session,
	};
	vtws_http_prepare(&client->http, out->handle, &request, &out->response, out->error, &get_url);
	long limit = client->http.options.timeout > 0 &&
			client->http.options.timeout * 1000 < VTWS_RELEASE_TIMEOUT_MS
		? (long) (client->http.options.timeout * 1000)
		: VTWS_RELEASE_TIMEOUT_MS;
	curl_easy_setopt(out->handle, CURLOPT_TIMEOUT_MS, limit);
	return curl_multi_add_handle(multi, out->handle) == CURLM_OK;
}

static void wait_for_transfers(CURLM *multi)
{
	int running = 1;

	while (running > 0) {
		if (curl_multi_perform(multi, &running) != CURLM_OK || running == 0) {
			break;
		}
		curl_multi_wait(multi, NULL, 0, 100, NULL);
	}
}

/* Logs out every extra session in parallel; answers and errors are of no interest. */
static void logout_quietly(vtws_client *client)
{
	quiet_logout transfers[VTWS_MAX_CONCURRENCY];
	uint32_t started = 0;

	if (!client->endpoint || !client->http.curl) {
		return;
	}
	/* A multi handle of its own, so transfers of a batch still in flight are left alone. */
	CURLM *multi = curl_multi_init();
	if (!multi) {
		return;
	}
	memset(transfers, 0, sizeof(transfers));
	for (uint32_t i = 0; i < client->pool.count; i++) {
		if (!start_quiet_logout(client, multi, client->pool.extra[i], &transfers[started])) {
			if (transfers[started].handle) {
				curl_easy_cleanup(transfers[started].handle);
			}
			if (transfers[started].payload) {
				zend_string_release(transfers[started].payload);
			}
			continue;
		}
		started++;
	}
	wait_for_transfers(multi);
	for (uint32_t i = 0; i < started; i++) {
		curl_multi_remove_handle(multi, transfers[i].handle);
		/* Its timeout was shortened: this handle is not reused. */
		curl_easy_cleanup(transfers[i].handle);
		zend_string_release(transfers[i].payload);
		vtws_http_response_dtor(&transfers[i].response);
	}
	curl_multi_cleanup(multi);
}

void vtws_session_pool_release(vtws_client *client)
{
	if (client->pool.count == 0) {
		return;
	}
	logout_quietly(client);
	forget_extra_sessions(client);
}

/* A challenge token for the client's user, fetched as a call of its own so that transfers
 * of other batches keep moving meanwhile; NULL when there is none. */
static zend_string *challenge_token(vtws_client *client)
{
	vtws_batch batch;
	zval params;
	zend_string *token = NULL;

	vtws_batch_init(&batch, client);
	array_init(&params);
	add_assoc_str(&params, "username", zend_string_copy(client->username));
	vtws_call *call = vtws_call_create("getchallenge", VTWS_GET, &params, 0);
	vtws_batch_submit(&batch, call);
	while (!call->done) {
		vtws_batch_run(&batch, true);
	}
	zval *value = Z_TYPE(call->result) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL(call->result), "token", sizeof("token") - 1)
		: NULL;
	if (value && Z_TYPE_P(value) == IS_STRING && Z_STRLEN_P(value) > 0) {
		token = zend_string_copy(Z_STR_P(value));
	}
	vtws_call_free(call);
	return token;
}

void vtws_session_pool_grow(vtws_client *client, uint32_t wanted)
{
	vtws_call *logins[VTWS_MAX_CONCURRENCY];
	zend_string *token = NULL;
	vtws_batch batch;

	if (wanted > VTWS_MAX_CONCURRENCY) {
		wanted = VTWS_MAX_CONCURRENCY;
	}
	uint32_t have = vtws_session_pool_slots(client);
	if (have >= wanted || !client->session_name || !client->username || !client->access_key) {
		return;
	}
	/* More sessions only make things faster: without them the calls share fewer sessions. */
	token = challenge_token(client);
	if (!token) {
		return;
	}
	/* Vtiger keeps the token until it expires, so one challenge serves every login. */
	uint32_t need = wanted - have;
	vtws_batch_init(&batch, client);
	for (uint32_t i = 0; i < need; i++) {
		zval params;
		vtws_client_login_params(client, token, &params);
		logins[i] = vtws_call_create("login", VTWS_POST, &params, i);
		vtws_batch_submit(&batch, logins[i]);
	}
	zend_string_release(token);
	while (batch.active > 0) {
		vtws_batch_run(&batch, true);
	}
	for (uint32_t i = 0; i < need; i++) {
		zend_string *session = Z_ISUNDEF(logins[i]->result)
			? NULL
			: vtws_client_session_of(&logins[i]->result);
		if (session) {
			client->pool.extra[client->pool.count++] = session;
		}
		vtws_call_free(logins[i]);
	}
}

/* A session error on a slot: log that slot in again, unless a call that failed the same way
 * already did. */
static zend_result renew_slot(vtws_client *client, int slot, const zend_string *sent)
{
	zend_string *current = slot_session(client, slot);
	zend_string *fresh = NULL;

	if (current && sent && !zend_string_equals(current, sent)) {
		return SUCCESS;
	}
	if (slot == 0) {
		return vtws_client_relogin(client);
	}
	if (!current) {
		/* The slot was released meanwhile: the call goes to another one. */
		return SUCCESS;
	}
	if (vtws_client_open_session(client, &fresh) == FAILURE) {
		return FAILURE;
	}
	zend_string_release(client->pool.extra[slot - 1]);
	client->pool.extra[slot - 1] = fresh;
	return SUCCESS;
}

/* ---- calls ---- */

vtws_call *vtws_call_create(const char *operation, vtws_http_method method, zval *params,
	zend_long tag)
{
	vtws_call *call = ecalloc(1, sizeof(*call));

	call->operation = operation;
	call->method = method;
	call->tag = tag;
	call->slot = -1;
	call->sessionless = strcmp(operation, "getchallenge") == 0 || strcmp(operation, "login") == 0;
	if (params) {
		ZVAL_COPY_VALUE(&call->params, params);
	} else {
		ZVAL_UNDEF(&call->params);
	}
	ZVAL_UNDEF(&call->result);
	return call;
}

void vtws_call_free(vtws_call *call)
{
	if (call->batch && !call->done) {
		vtws_batch_cancel(call->batch, call);
	}
	zval_ptr_dtor(&call->params);
	zval_ptr_dtor(&call->result);
	if (call->exception) {
		OBJ_RELEASE(call->exception);
	}
	efree(call);
}

void vtws_call_rethrow(vtws_call *call)
{
	if (call->exception) {
		zval ex;
		ZVAL_OBJ(&ex, call->exception);
		call->exception = NULL;
		zend_throw_exception_object(&ex);
	}
}

/* ---- batches ---- */

void vtws_batch_init(vtws_batch *batch, vtws_client *client)
{
	memset(batch, 0, sizeof(*batch));
	batch->client = client;
}

/* Detaches the transfer of one attempt and frees what belonged to it. */
static void end_transfer(vtws_call *call)
{
	vtws_batch *batch = call->batch;
	vtws_http *http = &batch->client->http;

	if (call->handle) {
		if (call->running && http->multi) {
			curl_multi_remove_handle(http->multi, call->handle);
		}
		if (http->curl) {
			vtws_http_release(http, call->handle);
		} else {
			/* The client is already gone (end of the request): nothing to give back to. */
			curl_easy_cleanup(call->handle);
		}
		call->handle = NULL;
	}
	call->running = false;
	if (call->slot >= 0) {
		if (batch->busy[call->slot] > 0) {
			batch->busy[call->slot]--;
		}
		call->slot = -1;
	}
	if (call->payload) {
		zend_string_release(call->payload);
		call->payload = NULL;
	}
	if (call->sent_session) {
		zend_string_release(call->sent_session);
		call->sent_session = NULL;
	}
	vtws_http_response_dtor(&call->response);
}

static void finish(vtws_call *call)
{
	call->done = true;
	call->batch->active--;
	call->batch->finished++;
}

/* Ends the call with the exception just thrown. */
static void fail(vtws_call *call)
{
	end_transfer(call);
	ZEND_ASSERT(EG(exception));
	call->exception = EG(exception);
	GC_ADDREF(call->exception);
	zend_clear_exception();
	finish(call);
}

static int least_busy_slot(const vtws_batch *batch)
{
	uint32_t slots = vtws_session_pool_slots(batch->client);
	int best = 0;

	for (uint32_t i = 1; i < slots; i++) {
		if (batch->busy[i] < batch->busy[best]) {
			best = (int) i;
		}
	}
	return best;
}

static void start(vtws_batch *batch, vtws_call *call)
{
	vtws_client *client = batch->client;
	char *get_url = NULL;

	if (!call->sessionless) {
		call->slot = least_busy_slot(batch);
		batch->busy[call->slot]++;
		zend_string *session = slot_session(client, call->slot);
		call->sent_session = session ? zend_string_copy(session) : NULL;
	}
	call->payload = vtws_client_payload(call->operation,
		Z_TYPE(call->params) == IS_ARRAY ? Z_ARRVAL(call->params) : NULL, call->sent_session);
	if (!call->payload) {
		fail(call);
		return;
	}
	CURLM *multi = vtws_http_multi(&client->http);
	if (!multi) {
		fail(call);
		return;
	}
	call->handle = vtws_http_acquire(&client->http);
	if (!call->handle) {
		vtws_error_context ctx = {.operation = call->operation};
		vtws_throw_transport_error(&ctx, "%s: libcurl could not create a handle", call->operation);
		fail(call);
		return;
	}
	vtws_http_request request = {
		.method = call->method,
		.url = ZSTR_VAL(client->endpoint),
		.payload = call->payload,
		.operation = call->operation,
		.secret = call->sent_session,
	};
	vtws_http_prepare(&client->http, call->handle, &request, &call->response, call->error,
		&get_url);
	if (get_url) {
		/* libcurl copied the URL, which carries the session name. */
		efree(get_url);
	}
	curl_easy_setopt(call->handle, CURLOPT_PRIVATE, call);
	if (curl_multi_add_handle(multi, call->handle) != CURLM_OK) {
		vtws_error_context ctx = {.operation = call->operation};
		vtws_throw_transport_error(&ctx, "%s: libcurl refused the transfer", call->operation);
		fail(call);
		return;
	}
	call->running = true;
}

/* An in-process client has no transfers to overlap: the call runs at once, through the same
 * path as every other call of that client. */
static void run_in_process(vtws_call *call)
{
	HashTable *params = Z_TYPE(call->params) == IS_ARRAY ? Z_ARRVAL(call->params) : NULL;

	if (vtws_client_call(call->batch->client, call->operation, call->method, params,
			&call->result) == SUCCESS) {
		finish(call);
		return;
	}
	ZVAL_UNDEF(&call->result);
	fail(call);
}

void vtws_batch_submit(vtws_batch *batch, vtws_call *call)
{
	call->batch = batch;
	call->done = false;
	batch->active++;
	if (batch->client->local) {
		run_in_process(call);
		return;
	}
	start(batch, call);
}

static void unlink_waiting(vtws_batch *batch, vtws_call *call)
{
	for (vtws_call **link = &batch->waiting; *link; link = &(*link)->next) {
		if (*link == call) {
			*link = call->next;
			call->next = NULL;
			return;
		}
	}
}

void vtws_batch_cancel(vtws_batch *batch, vtws_call *call)
{
	if (call->done || call->batch != batch) {
		return;
	}
	unlink_waiting(batch, call);
	end_transfer(call);
	finish(call);
}

static void schedule_retry(vtws_call *call)
{
	vtws_batch *batch = call->batch;

	end_transfer(call);
	call->not_before = now_us() + vtws_http_backoff_us(call->attempt);
	call->attempt++;
	call->next = batch->waiting;
	batch->waiting = call;
}

static bool should_retry(const vtws_call *call, CURLcode code)
{
	return call->method == VTWS_GET && call->attempt < call->batch->client->http.options.retries &&
		!call->response.too_large && vtws_http_is_retryable(code, call->response.status);
}

/* A session error: log in again (once per call) and send the call anew. */
static void retry_after_relogin(vtws_call *call)
{
	vtws_batch *batch = call->batch;
	int slot = call->slot;
	zend_string *sent = call->sent_session ? zend_string_copy(call->sent_session) : NULL;

	end_transfer(call);
	call->relogged = true;
	zend_result renewed = renew_slot(batch->client, slot, sent);
	if (sent) {
		zend_string_release(sent);
	}
	if (renewed == FAILURE) {
		fail(call);
		return;
	}
	start(batch, call);
}

static void read_answer(vtws_call *call)
{
	vtws_client *client = call->batch->client;
	vtws_api_error error;
	zval result;

	smart_str_0(&call->response.body);
	vtws_envelope_status status = vtws_client_read_answer(call->operation, &call->response,
		call->sent_session, &result, &error);
	if (status == VTWS_ENVELOPE_SUCCESS) {
		end_transfer(call);
		ZVAL_COPY_VALUE(&call->result, &result);
		finish(call);
		return;
	}
	if (status == VTWS_ENVELOPE_INVALID) {
		fail(call);
		return;
	}
	if (!call->relogged && vtws_client_is_session_error(&error) &&
		vtws_client_may_relogin(client, call->operation)) {
		vtws_api_error_dtor(&error);
		retry_after_relogin(call);
		return;
	}
	vtws_throw_api_error(call->operation, &error.code, error.message);
	vtws_api_error_dtor(&error);
	fail(call);
}

static void complete(vtws_call *call, CURLcode code)
{
	curl_easy_getinfo(call->handle, CURLINFO_RESPONSE_CODE, &call->response.status);
	curl_multi_remove_handle(call->batch->client->http.multi, call->handle);
	call->running = false;
	if (should_retry(call, code)) {
		schedule_retry(call);
		return;
	}
	if (code != CURLE_OK) {
		vtws_http_request request = {.operation = call->operation};
		vtws_http_throw_failure(&request, &call->response, code, call->error);
		fail(call);
		return;
	}
	read_answer(call);
}

/* Finishes the transfers libcurl reports done, whichever batch they belong to. */
static void collect(CURLM *multi)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(multi, &left))) {
		if (msg->msg != CURLMSG_DONE) {
			continue;
		}
		CURL *handle = msg->easy_handle;
		CURLcode code = msg->data.result;
		vtws_call *call = NULL;
		curl_easy_getinfo(handle, CURLINFO_PRIVATE, (char **) &call);
		if (call && call->handle == handle && call->running) {
			complete(call, code);
		}
	}
}

static void start_due(vtws_batch *batch)
{
	zend_long now = now_us();
	vtws_call **link = &batch->waiting;

	while (*link) {
		vtws_call *call = *link;
		if (call->not_before <= now) {
			*link = call->next;
			call->next = NULL;
			start(batch, call);
		} else {
			link = &call->next;
		}
	}
}

/* How long to sleep at most: until the next retry is due, and never long, so a lost
 * wake-up costs little. */
static int wait_ms(const vtws_batch *batch)
{
	zend_long ms = 1000;
	zend_long now = now_us();

	for (const vtws_call *call = batch->waiting; call; call = call->next) {
		zend_long due = (call->not_before - now) / 1000 + 1;
		if (due < ms) {
			ms = due;
		}
	}
	return (int) (ms < 0 ? 0 : ms);
}

static void wait_for_activity(CURLM *multi, int timeout_ms)
{
#if LIBCURL_VERSION_NUM >= 0x074200 /* 7.66.0: curl_multi_poll sleeps even with no transfer */
	curl_multi_poll(multi, NULL, 0, timeout_ms, NULL);
#else
	int fds = 0;
	curl_multi_wait(multi, NULL, 0, timeout_ms, &fds);
	if (fds == 0) {
		usleep((useconds_t) MIN(timeout_ms, 10) * 1000);
	}
#endif
}

uint32_t vtws_batch_run(vtws_batch *batch, bool block)
{
	uint32_t before = batch->finished;

	for (;;) {
		start_due(batch);
		CURLM *multi = batch->client->http.multi;
		if (multi) {
			int running = 0;
			curl_multi_perform(multi, &running);
			collect(multi);
		}
		if (batch->finished != before || !block || batch->active == 0) {
			return batch->finished - before;
		}
		if (multi) {
			wait_for_activity(multi, wait_ms(batch));
		} else {
			usleep((useconds_t) wait_ms(batch) * 1000);
		}
	}
}
