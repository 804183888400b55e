/*
 * The file of Client::uploadDocument(). Over HTTP it is the "filename" part of a
 * multipart/form-data create whose bytes libcurl pulls through a read callback, so the
 * file never sits in memory whole; in-process it is copied to a temporary file that
 * $_FILES describes, as PHP describes a file it received.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "upload.h"
#include "encode.h"
#include "errors.h"
#include "transport_local.h"
#include "zend_exceptions.h"
#include "ext/standard/file.h"
#include "ext/standard/php_string.h"
#include "main/php_open_temporary_file.h"

#define OPERATION "create"

/* The MIME types browsers give the usual attachment extensions (what Vtiger receives from its
 * own upload form); anything else is left to fileinfo or application/octet-stream. */
static const struct {
	const char *extension;
	const char *type;
} known_types[] = {
	{"txt", "text/plain"},
	{"csv", "text/csv"},
	{"htm", "text/html"},
	{"html", "text/html"},
	{"css", "text/css"},
	{"xml", "application/xml"},
	{"json", "application/json"},
	{"pdf", "application/pdf"},
	{"rtf", "application/rtf"},
	{"zip", "application/zip"},
	{"gz", "application/gzip"},
	{"tar", "application/x-tar"},
	{"7z", "application/x-7z-compressed"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"svg", "image/svg+xml"},
	{"bmp", "image/bmp"},
	{"tif", "image/tiff"},
	{"tiff", "image/tiff"},
	{"ico", "image/vnd.microsoft.icon"},
	{"mp3", "audio/mpeg"},
	{"wav", "audio/wav"},
	{"mp4", "video/mp4"},
	{"mov", "video/quicktime"},
	{"eml", "message/rfc822"},
	{"ics", "text/calendar"},
	{"vcf", "text/vcard"},
	{"doc", "application/msword"},
	{"dot", "application/msword"},
	{"xls", "application/vnd.ms-excel"},
	{"ppt", "application/vnd.ms-powerpoint"},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	{"odt", "application/vnd.oasis.opendocument.text"},
	{"ods", "application/vnd.oasis.opendocument.spreadsheet"},
	{"odp", "application/vnd.oasis.opendocument.presentation"},
};

static void throw_io_error(const char *format, ...) ZEND_ATTRIBUTE_FORMAT(printf, 1, 2);

static void throw_io_error(const char *format, ...)
{
	va_list args;
	char *message;

	va_start(args, format);
	zend_vspprintf(&message, 0, format, args);
	va_end(args);
	vtws_error_context ctx = {.operation = OPERATION};
	vtws_throw_transport_error(&ctx, "uploadDocument: %s", message);
	efree(message);
}

/* ---- the source ---- */

static bool is_readable_mode(const php_stream *stream)
{
	return strchr(stream->mode, 'r') || strchr(stream->mode, '+');
}

/* A stream that cannot seek or report its size (a pipe, a socket, a filter chain) is read
 * once into a temporary file: the request then announces an exact size, and the file can
 * be sent again when the session has to be renewed. */
static zend_result spool(vtws_upload *upload)
{
	php_stream *copy = php_stream_fopen_tmpfile();
	size_t copied = 0;

	if (!copy) {
		throw_io_error("cannot create a temporary file to hold a stream that cannot seek");
		return FAILURE;
	}
	if (php_stream_copy_to_stream_ex(upload->stream, copy, PHP_STREAM_COPY_ALL, &copied) ==
		FAILURE) {
		php_stream_close(copy);
		throw_io_error("reading the stream failed after %zu bytes", copied);
		return FAILURE;
	}
	if (upload->owned) {
		php_stream_close(upload->stream);
	}
	upload->stream = copy;
	upload->owned = true;
	upload->start = 0;
	upload->size = (zend_off_t) copied;
	return php_stream_seek(copy, 0, SEEK_SET) == 0 ? SUCCESS : FAILURE;
}

/* The file is what lies between the stream's position and its end. */
static zend_result measure(vtws_upload *upload)
{
	php_stream_statbuf ssb;
	zend_off_t at = php_stream_tell(upload->stream);

	if (at >= 0 && php_stream_stat(upload->stream, &ssb) == 0 && S_ISREG(ssb.sb.st_mode) &&
		ssb.sb.st_size >= at && php_stream_seek(upload->stream, at, SEEK_SET) == 0) {
		upload->start = at;
		upload->size = ssb.sb.st_size - at;
		return SUCCESS;
	}
	return spool(upload);
}

static zend_result open_path(zend_string *path, vtws_upload *upload)
{
	php_stream_statbuf ssb;

	if (ZSTR_LEN(path) == 0 || zend_str_has_nul_byte(path)) {
		zend_argument_value_error(1, "must be a non-empty path without NUL bytes");
		return FAILURE;
	}
	if (php_stream_stat_path_ex(ZSTR_VAL(path), PHP_STREAM_URL_STAT_QUIET, &ssb, NULL) != 0) {
		zend_argument_value_error(1, "must name an existing file, %s was not found",
			ZSTR_VAL(path));
		return FAILURE;
	}
	if (S_ISDIR(ssb.sb.st_mode)) {
		zend_argument_value_error(1, "must name a file, %s is a directory", ZSTR_VAL(path));
		return FAILURE;
	}
	upload->stream = php_stream_open_wrapper(ZSTR_VAL(path), "rb", 0, NULL);
	if (!upload->stream) {
		zend_argument_value_error(1, "must name a readable file, %s cannot be opened: %s",
			ZSTR_VAL(path), strerror(errno));
		return FAILURE;
	}
	upload->owned = true;
	upload->path = zend_string_copy(path);
	return measure(upload);
}

static zend_result open_stream(zval *resource, vtws_upload *upload)
{
	php_stream *stream;

	php_stream_from_zval_no_verify(stream, resource);
	if (!stream) {
		zend_argument_type_error(1, "must be a path or an open stream resource");
		return FAILURE;
	}
	if (!is_readable_mode(stream)) {
		zend_argument_value_error(1,
			"must be a stream open for reading, it was opened with mode \"%s\"", stream->mode);
		return FAILURE;
	}
	upload->stream = stream;
	upload->owned = false;
	return measure(upload);
}

/* ---- name and type ---- */

static zval *element_string(HashTable *element, const char *key, zend_result *rc)
{
	zval *value = zend_hash_str_find_deref(element, key, strlen(key));

	*rc = SUCCESS;
	if (!value || Z_TYPE_P(value) == IS_NULL) {
		return NULL;
	}
	if (Z_TYPE_P(value) != IS_STRING) {
		zend_argument_type_error(2, "must have a string \"%s\", %s given", key,
			zend_zval_type_name(value));
		*rc = FAILURE;
		return NULL;
	}
	return Z_STRLEN_P(value) > 0 ? value : NULL;
}

/* The name of the file a plain-file stream was opened from, if any. */
static zend_string *stream_file_name(php_stream *stream)
{
	if (!php_stream_is(stream, PHP_STREAM_IS_STDIO) || !stream->orig_path) {
		return NULL;
	}
	zend_string *name = php_basename(stream->orig_path, strlen(stream->orig_path), NULL, 0);
	if (ZSTR_LEN(name) == 0) {
		zend_string_release(name);
		return NULL;
	}
	return name;
}

static zend_result settle_name(HashTable *element, vtws_upload *upload)
{
	zend_result rc;
	zval *given = element_string(element, "filename", &rc);

	if (rc == FAILURE) {
		return FAILURE;
	}
	if (given) {
		upload->name = zend_string_copy(Z_STR_P(given));
	} else if (upload->path) {
		upload->name = php_basename(ZSTR_VAL(upload->path), ZSTR_LEN(upload->path), NULL, 0);
	} else {
		upload->name = stream_file_name(upload->stream);
	}
	if (!upload->name || ZSTR_LEN(upload->name) == 0) {
		zend_argument_value_error(2,
			"must have a \"filename\" when the file is a stream that was not opened from a file");
		return FAILURE;
	}
	if (zend_str_has_nul_byte(upload->name) || strpbrk(ZSTR_VAL(upload->name), "\r\n\"")) {
		zend_argument_value_error(2,
			"must have a \"filename\" without NUL bytes, line breaks or double quotes");
		return FAILURE;
	}
	return SUCCESS;
}

static const char *type_by_extension(const zend_string *name)
{
	const char *dot = zend_memrchr(ZSTR_VAL(name), '.', ZSTR_LEN(name));

	if (!dot) {
		return NULL;
	}
	for (size_t i = 0; i < sizeof(known_types) / sizeof(known_types[0]); i++) {
		if (strcasecmp(dot + 1, known_types[i].extension) == 0) {
			return known_types[i].type;
		}
	}
	return NULL;
}

/* Enough of the file's start for fileinfo's magic tests, without its default of reading
 * up to a megabyte of a file it is handed by name. */
#define VTWS_SNIFF_BYTES 4096
#define VTWS_FILEINFO_MIME_TYPE 16 /* FILEINFO_MIME_TYPE */

static zend_result call_named(const char *name, zval *retval, uint32_t argc, zval *argv)
{
	zval callable;

	ZVAL_STRING(&callable, name);
	zend_result rc = call_user_function(NULL, NULL, &callable, retval, argc, argv);
	zval_ptr_dtor(&callable);
	return rc == SUCCESS && !EG(exception) ? SUCCESS : FAILURE;
}

/* fileinfo's guess from the first bytes, when the extension is loaded. */
static zend_string *type_by_content(vtws_upload *upload)
{
	char head[VTWS_SNIFF_BYTES];
	zval args[2], finfo, type;
	zend_string *found = NULL;

	if (!zend_hash_str_exists(EG(function_table), "finfo_buffer", sizeof("finfo_buffer") - 1)) {
		return NULL;
	}
	ssize_t got = php_stream_read(upload->stream, head,
		(size_t) MIN(upload->size, VTWS_SNIFF_BYTES));
	if (php_stream_seek(upload->stream, upload->start, SEEK_SET) != 0 || got <= 0) {
		return NULL; /* sending the file will report what is wrong with it */
	}
	ZVAL_LONG(&args[0], VTWS_FILEINFO_MIME_TYPE);
	if (call_named("finfo_open", &finfo, 1, args) == FAILURE || Z_TYPE(finfo) != IS_OBJECT) {
		zval_ptr_dtor(&finfo);
		return NULL;
	}
	ZVAL_COPY_VALUE(&args[0], &finfo);
	ZVAL_STRINGL(&args[1], head, (size_t) got);
	if (call_named("finfo_buffer", &type, 2, args) == SUCCESS && Z_TYPE(type) == IS_STRING &&
		Z_STRLEN(type) > 0) {
		found = zend_string_copy(Z_STR(type));
	}
	zval_ptr_dtor(&type);
	zval_ptr_dtor(&args[1]);
	zval_ptr_dtor(&finfo);
	return found;
}

static zend_result settle_type(HashTable *element, vtws_upload *upload)
{
	zend_result rc;
	zval *given = element_string(element, "filetype", &rc);

	if (rc == FAILURE) {
		return FAILURE;
	}
	if (given) {
		if (strpbrk(Z_STRVAL_P(given), "\r\n") || zend_str_has_nul_byte(Z_STR_P(given))) {
			zend_argument_value_error(2,
				"must have a \"filetype\" without NUL bytes or line breaks");
			return FAILURE;
		}
		upload->type = zend_string_copy(Z_STR_P(given));
		return SUCCESS;
	}
	const char *known = type_by_extension(upload->name);
	if (known) {
		upload->type = zend_string_init(known, strlen(known), 0);
		return SUCCESS;
	}
	upload->type = type_by_content(upload);
	if (EG(exception)) {
		return FAILURE;
	}
	if (!upload->type) {
		upload->type = zend_string_init("application/octet-stream", 24, 0);
	}
	return SUCCESS;
}

zend_result vtws_upload_open(zval *file, HashTable *element, vtws_upload *upload)
{
	zend_result rc;

	memset(upload, 0, sizeof(*upload));
	ZVAL_DEREF(file);
	if (Z_TYPE_P(file) == IS_STRING) {
		rc = open_path(Z_STR_P(file), upload);
	} else if (Z_TYPE_P(file) == IS_RESOURCE) {
		rc = open_stream(file, upload);
	} else {
		zend_argument_type_error(1, "must be a path or an open stream resource, %s given",
			zend_zval_type_name(file));
		rc = FAILURE;
	}
	if (rc == SUCCESS && upload->size == 0) {
		/* Vtiger attaches no file of 0 bytes and then leaves filelocationtype empty. */
		zend_argument_value_error(1, "must not be empty: Vtiger stores no file of 0 bytes");
		rc = FAILURE;
	}
	if (rc == SUCCESS && settle_name(element, upload) == SUCCESS &&
		settle_type(element, upload) == SUCCESS) {
		return SUCCESS;
	}
	vtws_upload_close(upload);
	return FAILURE;
}

void vtws_upload_close(vtws_upload *upload)
{
	if (upload->stream && upload->owned) {
		php_stream_close(upload->stream);
	}
	if (upload->path) {
		zend_string_release(upload->path);
	}
	if (upload->name) {
		zend_string_release(upload->name);
	}
	if (upload->type) {
		zend_string_release(upload->type);
	}
	memset(upload, 0, sizeof(*upload));
}

/* ---- the multipart body ---- */

static size_t read_part(char *buffer, size_t size, size_t nitems, void *arg)
{
	vtws_upload *upload = arg;
	size_t want = MIN(size * nitems, (size_t) (upload->size - upload->sent));

	if (want == 0) {
		return 0;
	}
	ssize_t got = php_stream_read(upload->stream, buffer, want);
	if (got <= 0) {
		/* The file shrank or the stream failed: a short body must never pass for the file. */
		upload->read_failed = true;
		return CURL_READFUNC_ABORT;
	}
	upload->sent += got;
	return (size_t) got;
}

/* libcurl rewinds the part itself when it has to send the body again (a redirect). */
static int seek_part(void *arg, curl_off_t offset, int origin)
{
	vtws_upload *upload = arg;

	if (origin != SEEK_SET || offset < 0 || offset > upload->size) {
		return CURL_SEEKFUNC_FAIL;
	}
	if (php_stream_seek(upload->stream, upload->start + (zend_off_t) offset, SEEK_SET) != 0) {
		return CURL_SEEKFUNC_CANTSEEK;
	}
	upload->sent = (zend_off_t) offset;
	return CURL_SEEKFUNC_OK;
}

static zend_result rewind_upload(vtws_upload *upload)
{
	upload->read_failed = false;
	if (seek_part(upload, 0, SEEK_SET) != CURL_SEEKFUNC_OK) {
		throw_io_error("cannot seek back to the start of the file to send it");
		return FAILURE;
	}
	return SUCCESS;
}

static bool add_field(curl_mime *mime, const char *name, const char *value, size_t len)
{
	curl_mimepart *part = curl_mime_addpart(mime);

	return part && curl_mime_name(part, name) == CURLE_OK &&
		curl_mime_data(part, value, len) == CURLE_OK;
}

static bool add_params(curl_mime *mime, HashTable *params)
{
	zend_string *name;
	zval *value;

	ZEND_HASH_FOREACH_STR_KEY_VAL(params, name, value) {
		zend_string *text;
		if (vtws_param_text(ZSTR_VAL(name), value, &text) == FAILURE) {
			return false;
		}
		bool added = !text || add_field(mime, ZSTR_VAL(name), ZSTR_VAL(text), ZSTR_LEN(text));
		if (text) {
			zend_string_release(text);
		}
		if (!added) {
			throw_io_error("libcurl could not build the multipart body");
			return false;
		}
	}
	ZEND_HASH_FOREACH_END();
	return true;
}

static bool add_file(curl_mime *mime, vtws_upload *upload)
{
	curl_mimepart *part = curl_mime_addpart(mime);

	return part && curl_mime_name(part, VTWS_UPLOAD_FIELD) == CURLE_OK &&
		curl_mime_filename(part, ZSTR_VAL(upload->name)) == CURLE_OK &&
		curl_mime_type(part, ZSTR_VAL(upload->type)) == CURLE_OK &&
		curl_mime_data_cb(part, (curl_off_t) upload->size, read_part, seek_part, NULL, upload) ==
		CURLE_OK;
}

/* The form a browser sends: the parameters as text parts, then the file. NULL after
 * throwing. */
static curl_mime *build_form(CURL *curl, const zend_string *session, HashTable *params,
	vtws_upload *upload)
{
	curl_mime *mime = curl_mime_init(curl);

	if (!mime) {
		throw_io_error("libcurl could not build the multipart body");
		return NULL;
	}
	bool built = add_field(mime, "operation", OPERATION, sizeof(OPERATION) - 1) &&
		(!session || add_field(mime, "sessionName", ZSTR_VAL(session), ZSTR_LEN(session)));
	if (!built) {
		throw_io_error("libcurl could not build the multipart body");
	} else if (add_params(mime, params)) {
		if (add_file(mime, upload)) {
			return mime;
		}
		throw_io_error("libcurl could not build the multipart body");
	}
	curl_mime_free(mime);
	return NULL;
}

/* libcurl's "aborted by callback" says nothing useful: the read failure is the news, with
 * whatever the stream itself threw kept as the previous exception. */
static void throw_read_failure(vtws_upload *upload)
{
	zend_object *cause = NULL;

	if (EG(exception)) {
		cause = EG(exception);
		GC_ADDREF(cause);
		zend_clear_exception();
	}
	throw_io_error("reading the file failed after " ZEND_LONG_FMT " of " ZEND_LONG_FMT " bytes",
		(zend_long) upload->sent, (zend_long) upload->size);
	if (cause) {
		zend_exception_set_previous(EG(exception), cause);
	}
}

static vtws_envelope_status exchange_http(vtws_client *client, HashTable *params,
	vtws_upload *upload, zval *result, vtws_api_error *error)
{
	vtws_http_response response;

	ZVAL_NULL(result);
	if (rewind_upload(upload) == FAILURE) {
		return VTWS_ENVELOPE_INVALID;
	}
	curl_mime *mime = build_form(client->http.curl, client->session_name, params, upload);
	if (!mime) {
		return VTWS_ENVELOPE_INVALID;
	}
	vtws_http_request request = {
		.method = VTWS_POST,
		.url = ZSTR_VAL(client->endpoint),
		.payload = ZSTR_EMPTY_ALLOC(),
		.operation = OPERATION,
		.secret = client->session_name,
		.mime = mime,
	};
	zend_result rc = vtws_http_perform(&client->http, &request, &response);
	curl_mime_free(mime);
	if (rc == FAILURE) {
		if (upload->read_failed) {
			throw_read_failure(upload);
		}
		return VTWS_ENVELOPE_INVALID;
	}
	vtws_envelope_status status = vtws_client_read_answer(OPERATION, &response,
		client->session_name, result, error);
	vtws_http_response_dtor(&response);
	return status;
}

/* ---- in-process: $_FILES ---- */

/* Vtiger copies the uploaded file from tmp_name into its storage; the caller's own file
 * is never handed over, a private copy is. */
static zend_string *copy_to_temporary(vtws_upload *upload)
{
	zend_string *path = NULL;
	size_t copied = 0;

	if (rewind_upload(upload) == FAILURE) {
		return NULL;
	}
	int fd = php_open_temporary_fd_ex(NULL, "vtws", &path, PHP_TMP_FILE_DEFAULT);
	php_stream *out = fd >= 0 ? php_stream_fopen_from_fd(fd, "wb", NULL) : NULL;
	if (!out) {
		if (fd >= 0) {
			close(fd);
		}
		if (path) {
			VCWD_UNLINK(ZSTR_VAL(path));
			zend_string_release(path);
		}
		throw_io_error("cannot create a temporary file for the in-process upload");
		return NULL;
	}
	zend_result rc = upload->size > 0
		? php_stream_copy_to_stream_ex(upload->stream, out, (size_t) upload->size, &copied)
		: SUCCESS;
	php_stream_close(out);
	if (rc == FAILURE || copied != (size_t) upload->size) {
		VCWD_UNLINK(ZSTR_VAL(path));
		zend_string_release(path);
		throw_io_error("reading the file failed after %zu of " ZEND_LONG_FMT " bytes", copied,
			(zend_long) upload->size);
		return NULL;
	}
	return path;
}

/* $_FILES as PHP fills it for one file received in the part VTWS_UPLOAD_FIELD. */
static void describe_files(const vtws_upload *upload, zend_string *temporary, zval *files)
{
	zval file;

	array_init(&file);
	add_assoc_str(&file, "name", zend_string_copy(upload->name));
	add_assoc_str(&file, "full_path", zend_string_copy(upload->name));
	add_assoc_str(&file, "type", zend_string_copy(upload->type));
	add_assoc_str(&file, "tmp_name", zend_string_copy(temporary));
	add_assoc_long(&file, "error", 0);
	add_assoc_long(&file, "size", (zend_long) upload->size);
	array_init(files);
	add_assoc_zval(files, VTWS_UPLOAD_FIELD, &file);
}

static vtws_envelope_status exchange_local(vtws_client *client, HashTable *params,
	vtws_upload *upload, zval *result, vtws_api_error *error)
{
	zval files;

	ZVAL_NULL(result);
	zend_string *temporary = copy_to_temporary(upload);
	if (!temporary) {
		return VTWS_ENVELOPE_INVALID;
	}
	describe_files(upload, temporary, &files);
	vtws_envelope_status status = vtws_local_exchange_with_files(client->local, OPERATION,
		VTWS_POST, params, &files, result, error);
	zval_ptr_dtor(&files);
	/* As PHP removes an uploaded file at the end of the request. */
	VCWD_UNLINK(ZSTR_VAL(temporary));
	zend_string_release(temporary);
	return status;
}

zend_result vtws_upload_call(vtws_client *client, HashTable *params, vtws_upload *upload,
	zval *result)
{
	vtws_api_error error;
	bool relogged = false;

	for (;;) {
		vtws_envelope_status status = client->local
			? exchange_local(client, params, upload, result, &error)
			: exchange_http(client, params, upload, result, &error);
		if (status == VTWS_ENVELOPE_SUCCESS) {
			return SUCCESS;
		}
		if (status == VTWS_ENVELOPE_INVALID) {
			return FAILURE;
		}
		if (!relogged && vtws_client_is_session_error(&error) &&
			vtws_client_may_relogin(client, OPERATION)) {
			vtws_api_error_dtor(&error);
			relogged = true;
			if (vtws_client_relogin(client) == FAILURE) {
				return FAILURE;
			}
			continue; /* exchange_http() rewinds the file */
		}
		vtws_throw_api_error(OPERATION, &error.code, error.message);
		vtws_api_error_dtor(&error);
		return FAILURE;
	}
}
