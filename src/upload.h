/*
 * The file of Client::uploadDocument(): where its bytes come from (a path or a PHP stream),
 * its name and MIME type, and the two ways it travels: as the "filename" part of a
 * multipart/form-data create read a slice at a time by libcurl, or, in-process, as a
 * temporary file described in $_FILES the way PHP describes an uploaded one.
 */
#ifndef VTWS_UPLOAD_H
#define VTWS_UPLOAD_H

#include "php.h"
#include "php_streams.h"
#include "client.h"

/* The form field Vtiger's Documents module reads the file from (the uitype 28 field). */
#define VTWS_UPLOAD_FIELD "filename"

typedef struct {
	php_stream *stream;
	bool owned; /* opened or spooled here, closed by vtws_upload_close() */
	zend_off_t start; /* where the file begins in the stream */
	zend_off_t size; /* bytes that make up the file */
	zend_off_t sent; /* bytes handed to libcurl by the current attempt */
	bool read_failed; /* the stream ended or failed before size bytes */
	zend_string *path; /* the path given, NULL for a stream */
	zend_string *name; /* the file name Vtiger stores */
	zend_string *type; /* the MIME type Vtiger stores */
} vtws_upload;

/* Opens argument 1 of uploadDocument() (a path or a readable stream resource) and settles
 * the name and type from the element (its "filename" and "filetype" when given). A stream
 * that cannot seek or tell its size is first copied to a temporary file, so every upload
 * has a known size and can be sent again after a re-login. FAILURE after throwing
 * TypeError/ValueError for a bad argument or TransportException for a failed copy. */
zend_result vtws_upload_open(zval *file, HashTable *element, vtws_upload *upload);

void vtws_upload_close(vtws_upload *upload);

/* Creates the record: elementType and element in params, the file as the multipart part
 * (over HTTP) or in $_FILES (in-process). Logs in again once when the session has expired
 * and sends the file anew. FAILURE after throwing. */
zend_result vtws_upload_call(vtws_client *client, HashTable *params, vtws_upload *upload,
	zval *result);

#endif
