/*
 * Paging. Vtiger answers at most 100 rows per query and never says whether more exist, so
 * the iterator asks for LIMIT offset,100 pages in a stable order (ORDER BY id unless the
 * caller chose an order) and stops at the first short page: no row is skipped or repeated,
 * and the last page costs no extra request unless the row count is a multiple of 100.
 */
#include "row_iterator.h"
#include "client.h"
#include "vtql.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"

#define VTWS_PAGE_SIZE 100

zend_class_entry *vtws_ce_row_iterator;
static zend_object_handlers row_iterator_handlers;

typedef struct {
	zval client;
	zend_string *base; /* statement up to (not including) LIMIT, with an ORDER BY */
	zend_long first_offset; /* the caller's LIMIT offset */
	zend_long wanted; /* the caller's LIMIT count, -1 for all rows */
	zend_long delivered; /* rows fetched so far, the next page's offset delta */
	zend_long key;
	zend_long pages;
	zval page;
	HashPosition pos;
	bool exhausted; /* no further page to request */
	bool started;
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
	return &it->std;
}

static void row_iterator_free(zend_object *obj)
{
	vtws_row_iterator *it = iterator_from_obj(obj);

	zval_ptr_dtor(&it->client);
	zval_ptr_dtor(&it->page);
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

void vtws_row_iterator_create(zval *out, zval *client, const zend_string *statement,
	HashTable *options)
{
	vtws_vtql_shape shape;

	if (vtws_vtql_inspect(statement, &shape) == FAILURE) {
		return;
	}
	object_init_ex(out, vtws_ce_row_iterator);
	vtws_row_iterator *it = Z_ROW_ITERATOR_P(out);
	ZVAL_COPY(&it->client, client);
	it->base = paging_base(statement, &shape);
	it->first_offset = shape.has_limit ? shape.limit_offset : 0;
	it->wanted = shape.has_limit ? shape.limit_count : -1;
	/* count(*) answers one row whatever the limit: a single request. */
	if (shape.is_count) {
		it->wanted = 1;
	}
}

static zend_long next_page_size(const vtws_row_iterator *it)
{
	if (it->wanted < 0) {
		return VTWS_PAGE_SIZE;
	}
	zend_long remaining = it->wanted - it->delivered;
	return remaining < VTWS_PAGE_SIZE ? remaining : VTWS_PAGE_SIZE;
}

/* Loads the next page into it->page; leaves it UNDEF when there is none. */
static void fetch_page(vtws_row_iterator *it)
{
	zend_long size = next_page_size(it);

	zval_ptr_dtor(&it->page);
	ZVAL_UNDEF(&it->page);
	if (it->exhausted || size <= 0) {
		it->exhausted = true;
		return;
	}
	zend_string *statement = zend_strpprintf(0, "%s LIMIT " ZEND_LONG_FMT ", " ZEND_LONG_FMT ";",
		ZSTR_VAL(it->base), it->first_offset + it->delivered, size);
	zval rows;
	zend_result rc = vtws_client_query(Z_VTWS_CLIENT_P(&it->client), statement, &rows);
	zend_string_release(statement);
	if (rc == FAILURE) {
		it->exhausted = true;
		return;
	}
	it->pages++;
	zend_long count = zend_hash_num_elements(Z_ARRVAL(rows));
	it->delivered += count;
	if (count < size) {
		it->exhausted = true;
	}
	if (count == 0) {
		zval_ptr_dtor(&rows);
		return;
	}
	ZVAL_COPY_VALUE(&it->page, &rows);
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
		fetch_page(it);
	}
}

static vtws_row_iterator *iterator_this(zval *this_zv)
{
	vtws_row_iterator *it = Z_ROW_ITERATOR_P(this_zv);
	if (!it->base) {
		zend_throw_error(NULL, "Vtws\\RowIterator is created by Vtws\\Client::queryAll()");
		return NULL;
	}
	return it;
}

/* Every method takes no argument and needs a RowIterator made by queryAll(). */
#define VTWS_ITERATOR_OR_RETURN(it) \
	ZEND_PARSE_PARAMETERS_NONE(); \
	vtws_row_iterator *it = iterator_this(ZEND_THIS); \
	if (!it) { \
		RETURN_THROWS(); \
	}

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
	if (it->started && it->pages <= 1 && Z_TYPE(it->page) == IS_ARRAY) {
		/* Still on the first page: rewind in memory instead of asking again. */
		zend_hash_internal_pointer_reset_ex(Z_ARRVAL(it->page), &it->pos);
		it->key = 0;
		return;
	}
	if (it->started) {
		it->started = false;
		it->exhausted = false;
		it->delivered = 0;
		it->key = 0;
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
		fetch_page(it);
	}
}

ZEND_METHOD(Vtws_RowIterator, getPageCount)
{
	VTWS_ITERATOR_OR_RETURN(it);
	RETURN_LONG(it->pages);
}

ZEND_METHOD(Vtws_RowIterator, getOffset)
{
	zend_throw_error(NULL, "not built yet");
}
