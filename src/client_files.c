/*
 * Files of Documents: Vtws\Client::retrieveFile() (the bytes as a string), downloadFile()
 * (written to a path or a stream) and uploadDocument() (a Document created with its file;
 * the file's own handling is in upload.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_streams.h"
#include "zend_exceptions.h"
#include "ext/standard/base64.h"

#include "client.h"
#include "client_typed.h"
#include "errors.h"
#include "upload.h"

/* Base64 is decoded a slice at a time so the file never exists whole as a PHP string; a
 * multiple of 4 keeps every slice a complete run of quanta. */
#define VTWS_BASE64_SLICE (64 * 1024)

typedef struct {
	php_stream *stream;
	zend_string *final_path; /* NULL when writing to a caller's stream */
	zend_string *part_path; /* final_path + ".part" until the download completes */
} vtws_download_target;

static bool is_api_error(const char *code)
{
	zval rv;
	zend_object *ex = EG(exception);

	if (!ex || !instanceof_function(ex->ce, vtws_ce_api_exception)) {
		return false;
	}
	zval *value = zend_read_property(ex->ce, ex, "vtigerCode", sizeof("vtigerCode") - 1, true, &rv);
	return Z_TYPE_P(value) == IS_STRING &&
		zend_string_equals_cstr(Z_STR_P(value), code, strlen(code));
}

static zend_result files_retrieve(vtws_client *client, zend_string *id, zval *list)
{
	zval params;
	zend_result rc;

	array_init(&params);
	add_assoc_str(&params, "id", zend_string_copy(id));
	rc = vtws_client_call(client, "files_retrieve", VTWS_GET, Z_ARRVAL(params), list);
	zval_ptr_dtor(&params);
	return rc;
}

/* A Document's own id gives RECORD_NOT_FOUND (recorded on Vtiger 8.0): the file belongs to
 * the attachment named by the record's imageattachmentids, so that id is tried next. */
static zend_string *attachment_of_document(vtws_client *client, zend_string *document_id)
{
	zval params, record;
	zend_string *attachment = NULL;

	array_init(&params);
	add_assoc_str(&params, "id", zend_string_copy(document_id));
	zend_result rc = vtws_client_call(client, "retrieve", VTWS_GET, Z_ARRVAL(params), &record);
	zval_ptr_dtor(&params);
	if (rc == FAILURE) {
		return NULL;
	}
	zval *ids = Z_TYPE(record) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL(record), "imageattachmentids", 18)
		: NULL;
	if (ids && Z_TYPE_P(ids) == IS_STRING && Z_STRLEN_P(ids) > 0) {
		const char *comma = memchr(Z_STRVAL_P(ids), ',', Z_STRLEN_P(ids));
		size_t len = comma ? (size_t) (comma - Z_STRVAL_P(ids)) : Z_STRLEN_P(ids);
		attachment = zend_string_init(Z_STRVAL_P(ids), len, 0);
	} else {
		zend_value_error("%s has no attached file (no imageattachmentids)", ZSTR_VAL(document_id));
	}
	zval_ptr_dtor(&record);
	return attachment;
}

static zend_result fetch_file(vtws_client *client, zend_string *id, zval *list)
{
	if (files_retrieve(client, id, list) == SUCCESS) {
		return SUCCESS;
	}
	if (!is_api_error("RECORD_NOT_FOUND")) {
		return FAILURE;
	}
	zend_clear_exception();
	zend_string *attachment = attachment_of_document(client, id);
	if (!attachment) {
		return FAILURE;
	}
	zend_result rc = files_retrieve(client, attachment, list);
	zend_string_release(attachment);
	return rc;
}

/* Checked before anything is sent, so a wrong argument costs no round trip. */
static zend_result check_target(zval *to)
{
	if (Z_TYPE_P(to) == IS_RESOURCE) {
		php_stream *stream;
		php_stream_from_zval_no_verify(stream, to);
		if (!stream) {
			zend_argument_type_error(2, "must be a path or an open stream resource");
			return FAILURE;
		}
		return SUCCESS;
	}
	if (Z_TYPE_P(to) != IS_STRING) {
		zend_argument_type_error(2, "must be a path or an open stream resource, %s given",
			zend_zval_type_name(to));
		return FAILURE;
	}
	if (Z_STRLEN_P(to) == 0 || zend_str_has_nul_byte(Z_STR_P(to))) {
		zend_argument_value_error(2, "must be a non-empty path without NUL bytes");
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result open_target(zval *to, vtws_download_target *target)
{
	memset(target, 0, sizeof(*target));
	if (Z_TYPE_P(to) == IS_RESOURCE) {
		php_stream_from_zval_no_verify(target->stream, to);
		return SUCCESS;
	}
	/* Written beside the destination and renamed at the end, so a failed download never
	 * leaves a truncated file under the final name. */
	target->final_path = zend_string_copy(Z_STR_P(to));
	target->part_path = zend_string_concat2(Z_STRVAL_P(to), Z_STRLEN_P(to), ".part", 5);
	target->stream = php_stream_open_wrapper(ZSTR_VAL(target->part_path), "wb", REPORT_ERRORS,
		NULL);
	if (!target->stream) {
		zend_string_release(target->final_path);
		zend_string_release(target->part_path);
		vtws_error_context ctx = {.operation = "files_retrieve"};
		vtws_throw_transport_error(&ctx, "downloadFile: cannot open %s for writing",
			Z_STRVAL_P(to));
		return FAILURE;
	}
	return SUCCESS;
}

static zend_result close_target(vtws_download_target *target, bool complete)
{
	zend_result rc = SUCCESS;

	if (!target->final_path) {
		return SUCCESS; /* the caller's stream stays open */
	}
	php_stream_close(target->stream);
	if (complete && VCWD_RENAME(ZSTR_VAL(target->part_path), ZSTR_VAL(target->final_path)) != 0) {
		vtws_error_context ctx = {.operation = "files_retrieve"};
		vtws_throw_transport_error(&ctx, "downloadFile: cannot rename %s to %s: %s",
			ZSTR_VAL(target->part_path), ZSTR_VAL(target->final_path), strerror(errno));
		complete = false;
		rc = FAILURE;
	}
	if (!complete) {
		VCWD_UNLINK(ZSTR_VAL(target->part_path));
	}
	zend_string_release(target->final_path);
	zend_string_release(target->part_path);
	return rc;
}

/* Decodes and writes slice by slice; returns the bytes written or -1 after throwing. */
static zend_long write_decoded(php_stream *stream, const zend_string *encoded)
{
	vtws_error_context ctx = {.operation = "files_retrieve"};
	zend_long written = 0;

	for (size_t at = 0; at < ZSTR_LEN(encoded); at += VTWS_BASE64_SLICE) {
		size_t len = MIN(VTWS_BASE64_SLICE, ZSTR_LEN(encoded) - at);
		zend_string *bytes = php_base64_decode_ex((const unsigned char *) ZSTR_VAL(encoded) + at,
			len, true);
		if (!bytes) {
			vtws_throw_protocol_error(&ctx, -1,
				"files_retrieve: filecontents is not valid base64 near byte %zu", at);
			return -1;
		}
		ssize_t n = php_stream_write(stream, ZSTR_VAL(bytes), ZSTR_LEN(bytes));
		bool short_write = n < 0 || (size_t) n != ZSTR_LEN(bytes);
		written += ZSTR_LEN(bytes);
		zend_string_release(bytes);
		if (short_write) {
			vtws_throw_transport_error(&ctx,
				"downloadFile: writing the file failed after " ZEND_LONG_FMT " bytes", written);
			return -1;
		}
	}
	return written;
}

/* The first (only) entry of files_retrieve's list, checked for the fields we rely on. */
static HashTable *file_entry(zval *list, zend_string **encoded)
{
	zval *file = Z_TYPE_P(list) == IS_ARRAY ? zend_hash_index_find(Z_ARRVAL_P(list), 0) : NULL;
	zval *contents = file && Z_TYPE_P(file) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(file), "filecontents", 12)
		: NULL;

	if (!contents || Z_TYPE_P(contents) != IS_STRING) {
		vtws_error_context ctx = {.operation = "files_retrieve"};
		vtws_throw_protocol_error(&ctx, -1, "files_retrieve: the answer holds no file contents");
		return NULL;
	}
	*encoded = Z_STR_P(contents);
	return Z_ARRVAL_P(file);
}

/* Vtiger reports the size it stored; a different count means a damaged transfer. */
static zend_result check_size(HashTable *file, zend_long written)
{
	zval *size = zend_hash_str_find(file, "filesize", 8);

	if (!size || zval_get_long(size) == written) {
		return SUCCESS;
	}
	vtws_error_context ctx = {.operation = "files_retrieve"};
	vtws_throw_protocol_error(&ctx, -1,
		"files_retrieve: decoded " ZEND_LONG_FMT
		" bytes but the server reports filesize " ZEND_LONG_FMT,
		written, zval_get_long(size));
	return FAILURE;
}

static void build_metadata(zval *out, HashTable *file, zend_long written)
{
	ZVAL_ARR(out, zend_array_dup(file));
	zend_hash_str_del(Z_ARRVAL_P(out), "filecontents", 12);
	add_assoc_long(out, "bytes", written);
}

ZEND_METHOD(Vtws_Client, downloadFile)
{
	zend_string *id, *encoded = NULL;
	zval *to, list;
	vtws_download_target target;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(id)
		Z_PARAM_ZVAL(to)
	ZEND_PARSE_PARAMETERS_END();
	vtws_client *client = vtws_client_this(ZEND_THIS);
	if (!client) {
		RETURN_THROWS();
	}
	if (ZSTR_LEN(id) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	if (check_target(to) == FAILURE) {
		RETURN_THROWS();
	}
	if (fetch_file(client, id, &list) == FAILURE) {
		RETURN_THROWS();
	}
	HashTable *file = file_entry(&list, &encoded);
	if (file && open_target(to, &target) == SUCCESS) {
		zend_long written = write_decoded(target.stream, encoded);
		bool complete = written >= 0 && check_size(file, written) == SUCCESS;
		if (close_target(&target, complete) == SUCCESS && complete) {
			build_metadata(return_value, file, written);
		}
	}
	zval_ptr_dtor(&list);
}

/* files_retrieve answers a one-element list with base64 "filecontents"; the caller gets the
 * file's metadata and its bytes as "content". */
ZEND_METHOD(Vtws_Client, retrieveFile)
{
	zend_string *id, *encoded = NULL;
	zval list;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	vtws_client *client = vtws_client_this(ZEND_THIS);
	if (!client) {
		RETURN_THROWS();
	}
	if (ZSTR_LEN(id) == 0) {
		zend_argument_value_error(1, "must not be empty");
		RETURN_THROWS();
	}
	if (files_retrieve(client, id, &list) == FAILURE) {
		RETURN_THROWS();
	}
	HashTable *file = file_entry(&list, &encoded);
	zend_string *bytes = file
		? php_base64_decode_ex((const unsigned char *) ZSTR_VAL(encoded), ZSTR_LEN(encoded), true)
		: NULL;
	if (file && !bytes) {
		vtws_error_context ctx = {.operation = "files_retrieve"};
		vtws_throw_protocol_error(&ctx, -1, "files_retrieve: filecontents is not valid base64");
	}
	if (bytes) {
		ZVAL_ARR(return_value, zend_array_dup(file));
		zend_hash_str_del(Z_ARRVAL_P(return_value), "filecontents", 12);
		add_assoc_str(return_value, "content", bytes);
	}
	zval_ptr_dtor(&list);
}

/* uploadDocument() stores the file in Vtiger; a link ("E") is an ordinary create(). */
static zend_result check_location(HashTable *element)
{
	zval *location = zend_hash_str_find_deref(element, "filelocationtype", 16);

	if (!location || Z_TYPE_P(location) == IS_NULL ||
		(Z_TYPE_P(location) == IS_STRING && zend_string_equals_literal(Z_STR_P(location), "I"))) {
		return SUCCESS;
	}
	zend_argument_value_error(2,
		"must not have a \"filelocationtype\" other than \"I\": uploadDocument() stores the file "
		"in Vtiger (create a Document with filelocationtype \"E\" for a link)");
	return FAILURE;
}

/* What Vtiger's own upload form sends with the file; Vtiger itself takes name, size and
 * type from the uploaded part, which carries the same values. */
static void complete_element(HashTable *element, const vtws_upload *upload, zval *out)
{
	ZVAL_ARR(out, zend_array_dup(element));
	add_assoc_str(out, "filename", zend_string_copy(upload->name));
	add_assoc_long(out, "filesize", (zend_long) upload->size);
	add_assoc_str(out, "filetype", zend_string_copy(upload->type));
	add_assoc_stringl(out, "filelocationtype", "I", 1);
	zval *status = zend_hash_str_find(Z_ARRVAL_P(out), "filestatus", 10);
	if (!status || Z_TYPE_P(status) == IS_NULL) {
		add_assoc_long(out, "filestatus", 1);
	}
}

/* Vtiger creates the Document even when PHP refused the file (larger than the server's
 * upload_max_filesize): the record then has no attachment, which must not pass unnoticed. */
static zend_result check_attached(zval *record)
{
	zval *ids = zend_hash_str_find(Z_ARRVAL_P(record), "imageattachmentids", 18);
	zval *id = zend_hash_str_find(Z_ARRVAL_P(record), "id", 2);

	if (ids && Z_TYPE_P(ids) == IS_STRING && Z_STRLEN_P(ids) > 0) {
		return SUCCESS;
	}
	vtws_error_context ctx = {.operation = "create"};
	vtws_throw_transport_error(&ctx,
		"uploadDocument: Vtiger created the Document %s but stored no file (did the upload exceed "
		"the server's upload_max_filesize?)",
		id && Z_TYPE_P(id) == IS_STRING ? Z_STRVAL_P(id) : "(no id)");
	return FAILURE;
}

static zend_result check_record(vtws_client *client, zval *record)
{
	if (Z_TYPE_P(record) != IS_ARRAY) {
		vtws_error_context ctx = {.operation = "create"};
		vtws_throw_protocol_error(&ctx, -1, "create: expected an object as result, got %s",
			zend_zval_type_name(record));
		return FAILURE;
	}
	if (check_attached(record) == FAILURE) {
		return FAILURE;
	}
	zend_string *module = zend_string_init("Documents", sizeof("Documents") - 1, 0);
	zend_result rc = vtws_client_type_record(client, module, record);
	zend_string_release(module);
	return rc;
}

ZEND_METHOD(Vtws_Client, uploadDocument)
{
	zval *file, params, element;
	HashTable *given;
	vtws_upload upload;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ZVAL(file)
		Z_PARAM_ARRAY_HT(given)
	ZEND_PARSE_PARAMETERS_END();
	vtws_client *client = vtws_client_this(ZEND_THIS);
	if (!client) {
		RETURN_THROWS();
	}
	if (check_location(given) == FAILURE || vtws_upload_open(file, given, &upload) == FAILURE) {
		RETURN_THROWS();
	}
	complete_element(given, &upload, &element);
	array_init(&params);
	add_assoc_stringl(&params, "elementType", "Documents", sizeof("Documents") - 1);
	add_assoc_zval(&params, "element", &element);
	if (vtws_upload_call(client, Z_ARRVAL(params), &upload, return_value) == SUCCESS &&
		check_record(client, return_value) == FAILURE) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
	}
	zval_ptr_dtor(&params);
	vtws_upload_close(&upload);
}
