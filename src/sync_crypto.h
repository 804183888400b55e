/*
 * Payload encryption of Sync Connector requests and responses (section 10 of the
 * specification): AES-256-CBC/ECB and 3DES-CBC with PKCS#7 padding, Base64 on the wire.
 */
#ifndef VTWS_SYNC_CRYPTO_H
#define VTWS_SYNC_CRYPTO_H

#include "php.h"

/* Checks the algorithm name and the key and IV lengths; NULL when they fit, otherwise an
 * emalloc'd message. iv may be NULL or empty (AES then uses ECB). */
char *sync_crypto_check(const zend_string *algo, const zend_string *key, const zend_string *iv);

/* Base64 ciphertext of data; NULL with *error (emalloc'd) on failure. */
zend_string *sync_encrypt(const zend_string *algo, const zend_string *key, const zend_string *iv,
	const char *data, size_t len, char **error);

/* Plain text of a Base64 ciphertext (surrounding whitespace and quotes are ignored). */
zend_string *sync_decrypt(const zend_string *algo, const zend_string *key, const zend_string *iv,
	const char *data, size_t len, char **error);

#endif
