/*
 * Encryption with OpenSSL's EVP interface. Keys and IVs must have exactly the length the
 * cipher needs: PHP's openssl_encrypt() would silently zero-pad a short key, which hides
 * configuration mistakes until the service rejects every payload.
 */
#include "sync_crypto.h"
#include "ext/standard/base64.h"
#include <openssl/evp.h>

static bool has_iv(const zend_string *iv)
{
	return iv && ZSTR_LEN(iv) > 0;
}

static const EVP_CIPHER *cipher_of(const zend_string *algo, const zend_string *iv)
{
	if (!algo || ZSTR_LEN(algo) == 0 || zend_string_equals_literal_ci(algo, "AES")) {
		return has_iv(iv) ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
	}
	if (zend_string_equals_literal_ci(algo, "3DES")) {
		return EVP_des_ede3_cbc();
	}
	return EVP_get_cipherbyname(ZSTR_VAL(algo));
}

char *sync_crypto_check(const zend_string *algo, const zend_string *key, const zend_string *iv)
{
	const EVP_CIPHER *cipher = cipher_of(algo, iv);
	char *error = NULL;
	int iv_len;

	if (!cipher) {
		spprintf(&error, 0, "unknown encryption algorithm \"%s\"", ZSTR_VAL(algo));
		return error;
	}
	if (!key || ZSTR_LEN(key) != (size_t) EVP_CIPHER_key_length(cipher)) {
		spprintf(&error, 0, "the %s key must be %d bytes long, %zu given", EVP_CIPHER_name(cipher),
			EVP_CIPHER_key_length(cipher), key ? ZSTR_LEN(key) : 0);
		return error;
	}
	iv_len = EVP_CIPHER_iv_length(cipher);
	if ((iv_len == 0 && has_iv(iv)) || (iv_len > 0 && (!iv || ZSTR_LEN(iv) != (size_t) iv_len))) {
		spprintf(&error, 0, "the %s IV must be %d bytes long, %zu given", EVP_CIPHER_name(cipher),
			iv_len, iv ? ZSTR_LEN(iv) : 0);
		return error;
	}
	return NULL;
}

static zend_string *run_cipher(const zend_string *algo, const zend_string *key,
	const zend_string *iv, const unsigned char *in, size_t len, int encrypt, char **error)
{
	const EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx;
	zend_string *out;
	int written = 0, final_len = 0;

	*error = sync_crypto_check(algo, key, iv);
	if (*error) {
		return NULL;
	}
	if (len > INT_MAX - 64) {
		spprintf(error, 0, "payload too large to encrypt");
		return NULL;
	}
	cipher = cipher_of(algo, iv);
	ctx = EVP_CIPHER_CTX_new();
	out = zend_string_alloc(len + EVP_CIPHER_block_size(cipher) + 1, 0);
	if (!ctx ||
		!EVP_CipherInit_ex(ctx, cipher, NULL, (const unsigned char *) ZSTR_VAL(key),
			has_iv(iv) ? (const unsigned char *) ZSTR_VAL(iv) : NULL, encrypt) ||
		!EVP_CipherUpdate(ctx, (unsigned char *) ZSTR_VAL(out), &written, in, (int) len) ||
		!EVP_CipherFinal_ex(ctx, (unsigned char *) ZSTR_VAL(out) + written, &final_len)) {
		spprintf(error, 0, "%s failed (wrong key, IV or corrupted data)",
			encrypt ? "encryption" : "decryption");
		EVP_CIPHER_CTX_free(ctx);
		zend_string_efree(out);
		return NULL;
	}
	EVP_CIPHER_CTX_free(ctx);
	ZSTR_LEN(out) = written + final_len;
	ZSTR_VAL(out)[ZSTR_LEN(out)] = '\0';
	return out;
}

zend_string *sync_encrypt(const zend_string *algo, const zend_string *key, const zend_string *iv,
	const char *data, size_t len, char **error)
{
	zend_string *raw = run_cipher(algo, key, iv, (const unsigned char *) data, len, 1, error);
	zend_string *encoded;

	if (!raw) {
		return NULL;
	}
	encoded = php_base64_encode((const unsigned char *) ZSTR_VAL(raw), ZSTR_LEN(raw));
	zend_string_release(raw);
	return encoded;
}

static bool is_wrapping(char c)
{
	return c == '"' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

zend_string *sync_decrypt(const zend_string *algo, const zend_string *key, const zend_string *iv,
	const char *data, size_t len, char **error)
{
	zend_string *raw, *plain;

	/* A JSON string body arrives quoted; the Base64 text itself never holds these. */
	while (len > 0 && is_wrapping(data[0])) {
		data++;
		len--;
	}
	while (len > 0 && is_wrapping(data[len - 1])) {
		len--;
	}
	raw = php_base64_decode_ex((const unsigned char *) data, len, true);
	if (!raw) {
		spprintf(error, 0, "the encrypted body is not valid Base64");
		return NULL;
	}
	plain = run_cipher(algo, key, iv, (const unsigned char *) ZSTR_VAL(raw), ZSTR_LEN(raw), 0,
		error);
	zend_string_release(raw);
	return plain;
}
