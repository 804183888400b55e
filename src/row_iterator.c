/*
 * Paging. Vtiger answers at most 100 rows per query and never says whether more exist, so
 * the iterator asks for LIMIT offset,100 pages in a stable order (ORDER BY id unless the
 * caller chose an order) and stops at the first short page: no row is skipped or repeated.
 *
 * With concurrency N > 1, the pages after the first are fetched side by side over N
 * sessions (see pool.h): at most N requests are in flight, and they may run up to 2N pages
 * ahead of the page being yielded, so one slow page does not leave the other sessions idle
 * while its successors wait to be consumed. At most 2N pages are held in memory; rows still
 * come out in order. Pages requested past the end come back empty and are dropped. With
 * concurrency 1 a page is requested when the previous one has been yielded, as before.
 */
#include "row_iterator.h"
#include "client.h"
#include "client_typed.h"
#include "errors.h"
#include "pool.h"
#include "vtql.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#define VTWS_PAGE_SIZE 100
#define VTWS_DEFAULT_CONCURRENCY 4

zend_class_entry *vtws_ce_row_iterator;
static zend_object_handlers row_iterator_handlers;

typedef struct {
	zval client;
	zend_string *base; /* statement up to (not including) LIMIT, with an ORDER BY */
	zend_long first_offset; /* row of the statement without LIMIT where paging starts */
	zend_long start; /* the offset option: position of the first row in the caller's result */
	zend_long wanted; /* rows to yield at most, -1 for all */
	zend_long concurrency;
	zval progress; /* callable(int $done, ?int $total) or UNDEF */
	/* iteration */
	zend_long key; /* rows moved past */
	zend_long pages; /* requests sent */
	zend_long current; /* page being yielded, -1 before the first */
	zend_long next_request; /* first page not requested yet */
	zend_long end_page; /* first page that does not exist or is not wanted */
	zend_long received; /* rows of the pages up to current */
	zend_long window; /* requests in flight at most: 1 until the first page proves more exist */
	zend_long span; /* pages requested at most past the current one */
	zval page;
	HashPosition pos;
	vtws_call *ahead[2 * VTWS_MAX_CONCURRENCY]; /* pages current+1 .. next_request-1 */
	vtws_batch batch;
	bool exhausted; /* nothing more to yield */
	bool started;
	bool in_callback; /* the progress callback is running */
	zend_object std;
} vtws_row_iterator;

static inline vtws_row_iterator *iterator_from_obj(zend_object *obj)
{
	return (vtws_row_iterator *) ((char *) obj - XtOffsetOf(vtws_row_iterator, std));
}

#define Z_ROW_ITERATOR_P(zv) iterator_from_obj(Z_OBJ_P(zv))

static zend_object *row_iterator_create_object(zend_class_entry *ce)
{
	vtws_row_iterator *it = zend_object_alloc(sizeof(vtws_row_iterator), ce);

	zend_object_std_init(&it->std, ce);
	object_properties_init(&it->std, ce);
	it->std.handlers = &row_iterator_handlers;
	ZVAL_UNDEF(&it->client);
	ZVAL_UNDEF(&it->page);
	ZVAL_UNDEF(&it->progress);
	return &it->std;
}

/* Drops every page requested ahead, cancelling those still in flight. */
static void drop_ahead(vtws_row_iterator *it)
{
	for (int i = 0; i < 2 * VTWS_MAX_CONCURRENCY; i++) {
		if (it->ahead[i]) {
			vtws_call_free(it->ahead[i]);
			it->ahead[i] = NULL;
		}
	}
}

static void row_iterator_free(zend_object *obj)
{
	vtws_row_iterator *it = iterator_from_obj(obj);

	/* Before the client goes: the transfers use its handles. */
	drop_ahead(it);
	zval_ptr_dtor(&it->client);
	zval_ptr_dtor(&it->page);
	zval_ptr_dtor(&it->progress);
	if (it->base) {
		zend_string_release(it->base);
	}
	zend_object_std_dtor(obj);
}

static HashTable *row_iterator_get_gc(zend_object *obj, zval **table, int *n)
{
	vtws_row_iterator *it = iterator_from_obj(obj);

	zend_get_gc_buffer *buffer = zend_get_gc_buffer_create();
	zend_get_gc_buffer_add_zval(buffer, &it->client);
	zend_get_gc_buffer_add_zval(buffer, &it->page);
	zend_get_gc_buffer_add_zval(buffer, &it->progress);
	zend_get_gc_buffer_use(buffer, table, n);
	return NULL;
}

void vtws_row_iterator_setup_class(zend_class_entry *ce)
{
	ce->create_object = row_iterator_create_object;
	memcpy(&row_iterator_handlers, &std_object_handlers, sizeof(zend_object_handlers));
	row_iterator_handlers.offset = XtOffsetOf(vtws_row_iterator, std);
	row_iterator_handlers.free_obj = row_iterator_free;
	row_iterator_handlers.get_gc = row_iterator_get_gc;
	row_iterator_handlers.clone_obj = NULL;
	row_iterator_handlers.compare = zend_objects_not_comparable;
}

static zend_string *paging_base(const zend_string *statement, const vtws_vtql_shape *shape)
{
	size_t len = shape->has_limit ? shape->limit_start : ZSTR_LEN(statement);
	while (len > 0 &&
		(ZSTR_VAL(statement)[len - 1] == ' ' || ZSTR_VAL(statement)[len - 1] == '\n' ||
			ZSTR_VAL(statement)[len - 1] == '\t' || ZSTR_VAL(statement)[len - 1] == '\r')) {
		len--;
	}
	if (shape->has_order_by || shape->is_count) {
		return zend_string_init(ZSTR_VAL(statement), len, 0);
	}
	return zend_string_concat2(ZSTR_VAL(statement), len, " ORDER BY id",
		sizeof(" ORDER BY id") - 1);
}

typedef struct {
	zend_long concurrency;
	zend_long offset;
	zval *progress;
} query_all_options;

static zend_result read_int_option(zval *value, const char *name, zend_long min, zend_long max,
	zend_long *out)
{
	if (Z_TYPE_P(value) != IS_LONG) {
		zend_argument_type_error(3, "option \"%s\" must be of type int, %s given", name,
			zend_zval_type_name(value));
		return FAILURE;
	}
	if (Z_LVAL_P(value) < min || Z_LVAL_P(value) > max) {
		zend_argument_value_error(3,
			"option \"%s\" must be between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, name, min, max);
		return FAILURE;
	}
	*out = Z_LVAL_P(value);
	return SUCCESS;
}

static zend_result parse_options(HashTable *options, query_all_options *out)
{
	zend_string *key;
	zval *value;

	out->concurrency = VTWS_DEFAULT_CONCURRENCY;
	out->offset = 0;
	out->progress = NULL;
	if (!options) {
		return SUCCESS;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(options, key, value) {
		ZVAL_DEREF(value);
		zend_result rc;
		if (key && zend_string_equals_literal(key, "concurrency")) {
			rc = read_int_option(value, "concurrency", 1, VTWS_MAX_CONCURRENCY, &out->concurrency);
		} else if (key && zend_string_equals_literal(key, "offset")) {
			rc = read_int_option(value, "offset", 0, ZEND_LONG_MAX, &out->offset);
		} else if (key && zend_string_equals_literal(key, "progress")) {
			rc = SUCCESS;
			if (Z_TYPE_P(value) != IS_NULL && !zend_is_callable(value, 0, NULL)) {
				zend_argument_type_error(3, "option \"progress\" must be callable, %s given",
					zend_zval_type_name(value));
				rc = FAILURE;
			}
			out->progress = Z_TYPE_P(value) == IS_NULL ? NULL : value;
		} else {
			zend_argument_value_error(3,
				"has an unknown option \"%s\"; known options: "
				"concurrency, offset, progress",
				key ? ZSTR_VAL(key) : "(integer key)");
			rc = FAILURE;
		}
		if (rc == FAILURE) {
			return FAILURE;
		}
	}
	ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

static zend_long first_page_after_end(const vtws_row_iterator *it)
{
	if (it->wanted < 0) {
		return ZEND_LONG_MAX;
	}
	return (it->wanted + VTWS_PAGE_SIZE - 1) / VTWS_PAGE_SIZE;
}

static void reset_position(vtws_row_iterator *it)
{
	drop_ahead(it);
	zval_ptr_dtor(&it->page);
	ZVAL_UNDEF(&it->page);
	it->key = 0;
	it->current = -1;
	it->next_request = 0;
	it->received = 0;
	it->window = 1;
	it->span = 1;
	it->end_page = first_page_after_end(it);
	it->exhausted = false;
	it->started = false;
}

void vtws_row_iterator_create(zval *out, zval *client, const zend_string *statement,
	HashTable *options)
{
	vtws_vtql_shape shape;
	query_all_options parsed;

	if (parse_options(options, &parsed) == FAILURE ||
		vtws_vtql_inspect(statement, &shape) == FAILURE) {
		return;
	}
	object_init_ex(out, vtws_ce_row_iterator);
	vtws_row_iterator *it = Z_ROW_ITERATOR_P(out);
	ZVAL_COPY(&it->client, client);
	it->base = paging_base(statement, &shape);
	it->start = parsed.offset;
	it->concurrency = parsed.concurrency;
	if (parsed.progress) {
		ZVAL_COPY(&it->progress, parsed.progress);
	}
	zend_long limit_offset = shape.has_limit ? shape.limit_offset : 0;
	it->first_offset = limit_offset > ZEND_LONG_MAX - parsed.offset ? ZEND_LONG_MAX
																	: limit_offset + parsed.offset;
	it->wanted = shape.has_limit ? MAX(shape.limit_count - parsed.offset, 0) : -1;
	/* count(*) answers one row whatever the limit: a single request. */
	if (shape.is_count) {
		it->first_offset = 0;
		it->wanted = 1;
	}
	vtws_batch_init(&it->batch, Z_VTWS_CLIENT_P(&it->client));
	reset_position(it);
}

static zend_long page_size(const vtws_row_iterator *it, zend_long page)
{
	if (it->wanted < 0) {
		return VTWS_PAGE_SIZE;
	}
	zend_long remaining = it->wanted - page * VTWS_PAGE_SIZE;
	return remaining < VTWS_PAGE_SIZE ? remaining : VTWS_PAGE_SIZE;
}

/* Pages current+1 .. current+span have distinct slots. */
static zend_long ring_slot(const vtws_row_iterator *it, zend_long page)
{
	return page % (2 * it->concurrency);
}

static zend_long in_flight(const vtws_row_iterator *it)
{
	zend_long count = 0;
	for (zend_long i = 0; i < 2 * it->concurrency; i++) {
		if (it->ahead[i] && !it->ahead[i]->done) {
			count++;
		}
	}
	return count;
}

static void request_page(vtws_row_iterator *it, zend_long page)
{
	zval params;

	array_init(&params);
	add_assoc_str(&params, "query",
		zend_strpprintf(0, "%s LIMIT " ZEND_LONG_FMT ", " ZEND_LONG_FMT ";", ZSTR_VAL(it->base),
			it->first_offset + page * VTWS_PAGE_SIZE, page_size(it, page)));
	vtws_call *call = vtws_call_create("query", VTWS_GET, &params, page);
	it->ahead[ring_slot(it, page)] = call;
	it->pages++;
	vtws_batch_submit(&it->batch, call);
}

/* Requests further pages while fewer than window are in flight, up to span pages past the
 * current one and never past the end. */
static void fill_window(vtws_row_iterator *it)
{
	zend_long running = in_flight(it);

	while (running < it->window && it->next_request < it->end_page &&
		it->next_request <= it->current + it->span) {
		request_page(it, it->next_request++);
		running++;
	}
}

/* Cancels the pages requested past a page that turned out to be the last. */
static void drop_after(vtws_row_iterator *it, zend_long last)
{
	for (zend_long page = last + 1; page < it->next_request; page++) {
		vtws_call **slot = &it->ahead[ring_slot(it, page)];
		if (*slot && (*slot)->tag == page) {
			vtws_call_free(*slot);
			*slot = NULL;
		}
	}
	it->next_request = MIN(it->next_request, last + 1);
}

/* Takes the rows of a finished page call; NULL after throwing. */
static zval *page_rows(vtws_call *call)
{
	if (call->exception) {
		vtws_call_rethrow(call);
		return NULL;
	}
	if (Z_TYPE(call->result) != IS_ARRAY) {
		vtws_error_context ctx = {.operation = "query"};
		vtws_throw_protocol_error(&ctx, -1, "query: expected an object or list as result, got %s",
			zend_zval_type_name(&call->result));
		return NULL;
	}
	return &call->result;
}

static zend_result report_progress(vtws_row_iterator *it, bool at_end)
{
	zval args[2], ignored;

	if (Z_ISUNDEF(it->progress)) {
		return SUCCESS;
	}
	ZVAL_LONG(&args[0], it->start + it->received);
	if (at_end) {
		ZVAL_LONG(&args[1], it->start + it->received);
	} else {
		ZVAL_NULL(&args[1]);
	}
	it->in_callback = true;
	zend_result rc = call_user_function(NULL, NULL, &it->progress, &ignored, 2, args);
	it->in_callback = false;
	if (rc == FAILURE) {
		return FAILURE;
	}
	zval_ptr_dtor(&ignored);
	return EG(exception) ? FAILURE : SUCCESS;
}

/* After a full first page: the client logs in the sessions the rest will be spread over,
 * while its own session already fetches the second page. */
static void open_window(vtws_row_iterator *it)
{
	if (it->concurrency > 1) {
		fill_window(it);
		vtws_session_pool_grow(Z_VTWS_CLIENT_P(&it->client), (uint32_t) it->concurrency);
	}
	it->window = it->concurrency;
	it->span = it->concurrency > 1 ? 2 * it->concurrency : 1;
}

static void stop(vtws_row_iterator *it)
{
	it->exhausted = true;
	drop_ahead(it);
}

/* Moves to the next page: it->page holds its rows, or the iteration is over. */
static void advance_page(vtws_row_iterator *it)
{
	zend_long page = it->current + 1;

	zval_ptr_dtor(&it->page);
	ZVAL_UNDEF(&it->page);
	if (it->exhausted || page >= it->end_page) {
		stop(it);
		return;
	}
	fill_window(it);
	vtws_call *call = it->ahead[ring_slot(it, page)];
	if (!call) {
		stop(it);
		return;
	}
	while (!call->done) {
		vtws_batch_run(&it->batch, true);
		/* Pages after this one came in: their sessions can take the next ones. */
		fill_window(it);
	}
	it->ahead[ring_slot(it, page)] = NULL;
	it->current = page;
	zval *rows = page_rows(call);
	if (rows &&
		vtws_client_type_query_rows(Z_VTWS_CLIENT_P(&it->client), it->base, rows) == FAILURE) {
		rows = NULL;
	}
	if (!rows) {
		vtws_call_free(call);
		stop(it);
		return;
	}
	zend_long count = zend_hash_num_elements(Z_ARRVAL_P(rows));
	it->received += count;
	if (count < page_size(it, page)) {
		it->end_page = page + 1;
		drop_after(it, page);
	} else if (page == 0 && it->end_page > 1) {
		open_window(it);
	}
	/* The next requests leave before the rows are handed over (with concurrency 1, only
	 * when the next page is asked for). */
	if (it->concurrency > 1) {
		fill_window(it);
	}
	if (report_progress(it, page + 1 >= it->end_page) == FAILURE || count == 0) {
		vtws_call_free(call);
		stop(it);
		return;
	}
	ZVAL_COPY_VALUE(&it->page, rows);
	ZVAL_UNDEF(&call->result);
	vtws_call_free(call);
	zend_hash_internal_pointer_reset_ex(Z_ARRVAL(it->page), &it->pos);
}

static zval *current_row(vtws_row_iterator *it)
{
	if (Z_TYPE(it->page) != IS_ARRAY) {
		return NULL;
	}
	return zend_hash_get_current_data_ex(Z_ARRVAL(it->page), &it->pos);
}

static void ensure_started(vtws_row_iterator *it)
{
	if (!it->started) {
		it->started = true;
		advance_page(it);
	}
}

static vtws_row_iterator *iterator_this(zval *this_zv, bool moves)
{
	vtws_row_iterator *it = Z_ROW_ITERATOR_P(this_zv);
	if (!it->base) {
		zend_throw_error(NULL, "Vtws\\RowIterator is created by Vtws\\Client::queryAll()");
		return NULL;
	}
	if (moves && it->in_callback) {
		/* The page being taken over is in no consistent place yet. */
		zend_throw_error(NULL, "Vtws\\RowIterator cannot be used from its own progress callback");
		return NULL;
	}
	return it;
}

/* Every method takes no argument and needs a RowIterator made by queryAll(); those that may
 * fetch (moves) cannot run inside the progress callback. */
#define VTWS_ITERATOR_OR_RETURN_EX(it, moves) \
	ZEND_PARSE_PARAMETERS_NONE(); \
	vtws_row_iterator *it = iterator_this(ZEND_THIS, moves); \
	if (!it) { \
		RETURN_THROWS(); \
	}
#define VTWS_ITERATOR_OR_RETURN(it) VTWS_ITERATOR_OR_RETURN_EX(it, true)

/* Rows of the current position, fetching the first page on first use; NULL past the end. */
static zval *started_row(vtws_row_iterator *it)
{
	ensure_started(it);
	return current_row(it);
}

ZEND_METHOD(Vtws_RowIterator, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(Vtws_RowIterator, rewind)
{
	VTWS_ITERATOR_OR_RETURN(it);
	if (it->started && it->current == 0 && Z_TYPE(it->page) == IS_ARRAY) {
		/* Still on the first page: rewind in memory instead of asking again. */
		zend_hash_internal_pointer_reset_ex(Z_ARRVAL(it->page), &it->pos);
		it->key = 0;
		return;
	}
	if (it->started) {
		reset_position(it);
	}
	ensure_started(it);
}

ZEND_METHOD(Vtws_RowIterator, valid)
{
	VTWS_ITERATOR_OR_RETURN(it);
	RETURN_BOOL(started_row(it) != NULL);
}

ZEND_METHOD(Vtws_RowIterator, current)
{
	VTWS_ITERATOR_OR_RETURN(it);
	zval *row = started_row(it);
	if (row) {
		RETURN_COPY(row);
	}
	RETURN_NULL();
}

ZEND_METHOD(Vtws_RowIterator, key)
{
	VTWS_ITERATOR_OR_RETURN(it);
	if (started_row(it)) {
		RETURN_LONG(it->key);
	}
	RETURN_NULL();
}

ZEND_METHOD(Vtws_RowIterator, next)
{
	VTWS_ITERATOR_OR_RETURN(it);
	if (!started_row(it)) {
		return;
	}
	it->key++;
	zend_hash_move_forward_ex(Z_ARRVAL(it->page), &it->pos);
	if (!current_row(it)) {
		advance_page(it);
	}
}

ZEND_METHOD(Vtws_RowIterator, getPageCount)
{
	VTWS_ITERATOR_OR_RETURN_EX(it, false);
	RETURN_LONG(it->pages);
}

ZEND_METHOD(Vtws_RowIterator, getOffset)
{
	VTWS_ITERATOR_OR_RETURN_EX(it, false);
	RETURN_LONG(it->start + it->key);
}
