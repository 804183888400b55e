/*
 * The login challenge: Vtiger expects md5(token . accessKey) as lower-case hex.
 */
#ifndef VTWS_AUTH_H
#define VTWS_AUTH_H

#include "php.h"

#define VTWS_DIGEST_HEX_LEN 32

/* Writes 32 lower-case hex digits and a NUL into out. */
void vtws_auth_digest(const zend_string *token, const zend_string *access_key,
	char out[VTWS_DIGEST_HEX_LEN + 1]);

#endif
