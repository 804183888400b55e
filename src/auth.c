/*
 * Challenge digest with PHP's own MD5 routines: no second crypto library for one hash.
 */
#include "auth.h"
#include "ext/standard/md5.h"

void vtws_auth_digest(const zend_string *token, const zend_string *access_key,
	char out[VTWS_DIGEST_HEX_LEN + 1])
{
	PHP_MD5_CTX context;
	unsigned char digest[16];

	PHP_MD5Init(&context);
	PHP_MD5Update(&context, ZSTR_VAL(token), ZSTR_LEN(token));
	PHP_MD5Update(&context, ZSTR_VAL(access_key), ZSTR_LEN(access_key));
	PHP_MD5Final(digest, &context);
	make_digest_ex(out, digest, sizeof(digest));
	/* The digest is derived from the secret: do not leave it on the stack. */
	ZEND_SECURE_ZERO(digest, sizeof(digest));
	ZEND_SECURE_ZERO(&context, sizeof(context));
}
