/*
 * Concurrency: the extra sessions a client logs in so requests can run side by side, and
 * the batch that keeps several calls in flight over curl multi.
 *
 * Vtiger keeps its PHP session locked for the whole of a request, so requests that share a
 * session run one after the other on the server whatever the client does. A batch therefore
 * spreads its calls over several sessions of the same user: the client's own (slot 0) and
 * the extra ones of its pool (slots 1..n), logged in with one challenge token.
 */
#ifndef VTWS_POOL_H
#define VTWS_POOL_H

#include "php.h"
#include "http.h"

typedef struct _vtws_client vtws_client;
typedef struct _vtws_batch vtws_batch;

typedef struct {
	zend_string *extra[VTWS_MAX_CONCURRENCY - 1]; /* secret session names, slots 1..count */
	uint32_t count;
} vtws_session_pool;

/* One webservice call run by a batch. The caller allocates it with vtws_call_create(),
 * submits it, waits until done is set and frees it with vtws_call_free(). */
typedef struct _vtws_call {
	/* request */
	const char *operation; /* a static string */
	vtws_http_method method;
	zval params; /* array, owned */
	bool sessionless; /* getchallenge, login */
	zend_long tag; /* the caller's index */
	/* transfer */
	vtws_batch *batch;
	CURL *handle;
	int slot; /* session slot, -1 when none */
	zend_string *sent_session;
	zend_string *payload;
	vtws_http_response response;
	char error[CURL_ERROR_SIZE];
	zend_long attempt;
	zend_long not_before; /* microseconds, monotonic: a retry waits for it */
	bool relogged;
	bool running; /* attached to the multi handle */
	/* outcome */
	bool done;
	zval result; /* the decoded "result" when it succeeded, else UNDEF */
	zend_object *exception; /* why it failed, else NULL */
	struct _vtws_call *next; /* in the batch's waiting list */
} vtws_call;

struct _vtws_batch {
	vtws_client *client;
	vtws_call *waiting; /* submitted but not started: retries waiting for their time */
	uint32_t active; /* submitted and not done */
	uint32_t finished; /* done so far, cancelled ones included */
	uint32_t busy[VTWS_MAX_CONCURRENCY]; /* calls in flight per session slot */
};

void vtws_session_pool_init(vtws_session_pool *pool);

/* Logs in sessions until the client has wanted of them (its own included), as far as the
 * server lets it: a failure only leaves the pool smaller. Needs the client's credentials;
 * a client given a session by useSession() keeps working over that one session. */
void vtws_session_pool_grow(vtws_client *client, uint32_t wanted);

/* Logs the extra sessions out, best effort and without throwing (safe while an exception is
 * in flight or during shutdown), and forgets them. */
void vtws_session_pool_release(vtws_client *client);

/* Session slots usable now: the client's own plus the extra ones. */
uint32_t vtws_session_pool_slots(const vtws_client *client);

/* params: an array the call takes over (or NULL). */
vtws_call *vtws_call_create(const char *operation, vtws_http_method method, zval *params,
	zend_long tag);
/* Frees a call, cancelling it first when it is still in flight. */
void vtws_call_free(vtws_call *call);
/* Moves the call's exception into EG(exception). */
void vtws_call_rethrow(vtws_call *call);

void vtws_batch_init(vtws_batch *batch, vtws_client *client);

/* Starts the call at once on the least busy session. A failure to start is the call's
 * outcome (done with an exception), never thrown. */
void vtws_batch_submit(vtws_batch *batch, vtws_call *call);

/* Stops a call in flight; it is then done without result or exception. */
void vtws_batch_cancel(vtws_batch *batch, vtws_call *call);

/* Moves the transfers along. block: wait until at least one call of the batch is done
 * (returns at once when none is active). Returns how many calls of the batch finished. */
uint32_t vtws_batch_run(vtws_batch *batch, bool block);

#endif
