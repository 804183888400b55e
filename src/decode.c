/*
 * Decoding. A single-pass JSON reader that builds PHP arrays directly, with the same
 * acceptance and the same values as json_decode($json, true): RFC 8259 syntax, strict
 * UTF-8, \u escapes with paired surrogates only, integers that do not fit zend_long as
 * floats, numeric-string keys as integer keys, the last of duplicate keys winning, and
 * json_decode's default depth limit.
 *
 * Webservice answers are lists of rows that repeat the same field names, so the reader
 * remembers every key it has seen: one zend_string per distinct key (its hash computed
 * once) is shared by every row, and the key that followed it last time is tried first,
 * which turns most key lookups into one memcmp. Members are gathered on a stack until
 * their container closes, so each array is allocated once at its final size.
 */
#include "decode.h"
#include "utf8.h"
#include "ext/json/php_json.h"
#include "zend_strtod.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* json_decode() with its default depth accepts 511 nested containers, not 512. */
#define MAX_NESTING (PHP_JSON_PARSER_DEFAULT_DEPTH - 1)

/* Depths below this remember the first key of their last object. */
#define FIRST_KEY_DEPTHS 16

#define KEYS_PER_CHUNK 64

/* Values up to this length are looked up among the ones already read (ids, dates,
 * picklist values and flags repeat from row to row); longer ones rarely repeat. */
#define SHARED_VALUE_MAX_LEN 32
#define SHARED_VALUE_PROBES 4
/* A field whose values are mostly new (names, ids, timestamps, amounts) stops being looked
 * up after this many values: looking up costs more than sharing a few values saves. */
#define SHARED_VALUE_TRIAL 8

typedef enum {
	DECODE_OK,
	DECODE_SYNTAX,
	DECODE_TRUNCATED, /* the body ended where more JSON was required */
	DECODE_DEPTH,
	DECODE_UTF8, /* malformed UTF-8, or a lone UTF-16 surrogate in a \u escape */
	DECODE_CTRL_CHAR,
} decode_error;

typedef struct key_entry {
	const char *raw; /* the key as written in the body, between the quotes */
	size_t raw_len;
	zend_ulong raw_hash;
	zend_string *name; /* decoded; one reference held by the cache */
	struct key_entry *next; /* the key that followed this one last time */
	struct key_entry *chain; /* next entry in the same index slot */
	zend_ulong index; /* the integer key when is_index */
	uint32_t mark; /* serial of the last object this key was appended to */
	uint32_t values_read; /* short values of this field looked up */
	uint32_t values_shared; /* of which were seen before */
	bool is_index; /* "0", "123", "-7": json_decode makes these integer keys */
	bool escaped; /* other spellings may decode to the same name */
} key_entry;

typedef struct key_chunk {
	struct key_chunk *prev;
	uint32_t used;
	key_entry entries[KEYS_PER_CHUNK];
} key_chunk;

typedef struct {
	uint64_t hash;
	zend_string *str;
} shared_slot;

/* A member waiting for its container to close. */
typedef struct {
	zval value;
	key_entry *key; /* NULL in lists */
} pending;

typedef struct {
	const char *start;
	const char *end;
	const char *p;
	uint32_t depth;
	uint32_t serial;

	pending *stack;
	size_t top;
	size_t cap;

	key_entry **index;
	uint32_t index_mask;
	uint32_t key_count;
	key_chunk *chunks;
	key_entry *first_key[FIRST_KEY_DEPTHS];

	shared_slot *values; /* open addressing, one reference each */
	uint32_t values_mask;
	key_entry *member; /* the key whose value is being read; NULL in lists */

	decode_error error;
	size_t error_offset;
} decoder;

/* Scanned string: raw bytes between the quotes and the length once unescaped. */
typedef struct {
	const char *raw;
	size_t raw_len;
	size_t len;
	bool escaped;
} string_span;

static zend_result parse_value(decoder *d, zval *out);

static zend_result fail(decoder *d, decode_error error, const char *at)
{
	if (d->error == DECODE_OK) {
		d->error = error;
		d->error_offset = (size_t) (at - d->start);
	}
	return FAILURE;
}

/* Where a token was required: at the end of the body that means it was cut short. */
static zend_result fail_expected(decoder *d)
{
	return fail(d, d->p >= d->end ? DECODE_TRUNCATED : DECODE_SYNTAX, d->p);
}

static zend_always_inline void skip_whitespace(decoder *d)
{
	/* Webservice answers have no whitespace between tokens: test for it once. */
	while (d->p < d->end && (unsigned char) *d->p <= ' ' &&
		(*d->p == ' ' || *d->p == '\n' || *d->p == '\r' || *d->p == '\t')) {
		d->p++;
	}
}

/* ---- strings ---- */

static zend_always_inline uint64_t load64(const char *p)
{
	uint64_t value;
	memcpy(&value, p, sizeof(value));
	return value;
}

static zend_always_inline uint32_t load32(const char *p)
{
	uint32_t value;
	memcpy(&value, p, sizeof(value));
	return value;
}

/* clang-format off */
/* Each byte's value as a hex digit, or -1: table lookups instead of unpredictable branches on
 * the digits of \u escapes, which are frequent where the server escapes all non-ASCII text. */
#define HEX_OR_NONE(c) \
	((c) >= '0' && (c) <= '9' ? (c) - '0' : \
	 (c) >= 'a' && (c) <= 'f' ? (c) - 'a' + 10 : \
	 (c) >= 'A' && (c) <= 'F' ? (c) - 'A' + 10 : -1)
#define HEX4(c) HEX_OR_NONE(c), HEX_OR_NONE((c) + 1), HEX_OR_NONE((c) + 2), HEX_OR_NONE((c) + 3)
#define HEX16(c) HEX4(c), HEX4((c) + 4), HEX4((c) + 8), HEX4((c) + 12)
#define HEX64(c) HEX16(c), HEX16((c) + 16), HEX16((c) + 32), HEX16((c) + 48)
/* cppcheck-suppress comparisonError */
static const int8_t hex_values[256] = {HEX64(0), HEX64(64), HEX64(128), HEX64(192)};
/* clang-format on */

/* Reads the 4 hex digits after "\u"; -1 when they are not hex digits. */
static zend_always_inline int read_hex4(const char *p)
{
	int d0 = hex_values[(unsigned char) p[0]];
	int d1 = hex_values[(unsigned char) p[1]];
	int d2 = hex_values[(unsigned char) p[2]];
	int d3 = hex_values[(unsigned char) p[3]];

	if ((d0 | d1 | d2 | d3) < 0) {
		return -1;
	}
	return (d0 << 12) | (d1 << 8) | (d2 << 4) | d3;
}

static size_t utf8_length(uint32_t code_point)
{
	return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

/* Skips bytes that need no attention inside a string: anything but '"', '\\', control
 * characters and non-ASCII. */
static zend_always_inline const char *skip_plain(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i last_control = _mm_set1_epi8(0x1F);
	while (end - p >= 16) {
		__m128i chunk = _mm_loadu_si128((const __m128i *) p);
		__m128i special = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
			_mm_cmpeq_epi8(_mm_max_epu8(chunk, last_control), last_control));
		unsigned mask = (unsigned) _mm_movemask_epi8(special) | (unsigned) _mm_movemask_epi8(chunk);
		if (mask != 0) {
			return p + __builtin_ctz(mask);
		}
		p += 16;
	}
#endif
	while (p < end) {
		unsigned char c = (unsigned char) *p;
		if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
			break;
		}
		p++;
	}
	return p;
}

/* Validates the escape at p (just after the backslash); returns its length in the body
 * and adds its decoded length, or 0 after recording the error. */
static size_t scan_escape(decoder *d, const char *p, const char *token, size_t *decoded)
{
	if (p >= d->end) {
		fail(d, DECODE_TRUNCATED, d->end);
		return 0;
	}
	switch (*p) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			*decoded += 1;
			return 1;
		case 'u':
			break;
		default:
			fail(d, DECODE_SYNTAX, token);
			return 0;
	}
	if (d->end - p < 5) {
		fail(d, DECODE_TRUNCATED, d->end);
		return 0;
	}
	int unit = read_hex4(p + 1);
	if (unit < 0) {
		fail(d, DECODE_SYNTAX, token);
		return 0;
	}
	if (unit < 0xD800 || unit > 0xDFFF) {
		*decoded += utf8_length((uint32_t) unit);
		return 5;
	}
	/* A surrogate: only a high one followed by an escaped low one is a character. */
	if (unit >= 0xDC00) {
		fail(d, DECODE_UTF8, token);
		return 0;
	}
	if (d->end - p < 11) {
		fail(d, p + 5 >= d->end ? DECODE_TRUNCATED : DECODE_UTF8, p + 5 >= d->end ? d->end : token);
		return 0;
	}
	int low = p[5] == '\\' && p[6] == 'u' ? read_hex4(p + 7) : -1;
	if (low < 0xDC00 || low > 0xDFFF) {
		fail(d, DECODE_UTF8, token);
		return 0;
	}
	*decoded += 4;
	return 11;
}

/* First pass over a string (d->p on the opening quote): finds its end, validates it and
 * measures it. Leaves d->p after the closing quote. */
static zend_result scan_string(decoder *d, string_span *span)
{
	const char *token = d->p;
	const char *p = token + 1;
	size_t decoded = 0;

	span->raw = p;
	span->escaped = false;
	for (;;) {
		const char *plain_end = skip_plain(p, d->end);
		decoded += (size_t) (plain_end - p);
		p = plain_end;
		if (p >= d->end) {
			return fail(d, DECODE_TRUNCATED, d->end);
		}
		unsigned char c = (unsigned char) *p;
		if (c == '"') {
			break;
		}
		if (c == '\\') {
			size_t len = scan_escape(d, p + 1, token, &decoded);
			if (len == 0) {
				return FAILURE;
			}
			span->escaped = true;
			p += 1 + len;
		} else if (c < 0x20) {
			return fail(d, DECODE_CTRL_CHAR, token);
		} else {
			int len = vtws_utf8_sequence((const unsigned char *) p, (const unsigned char *) d->end);
			if (len <= 0) {
				return len < 0 ? fail(d, DECODE_TRUNCATED, d->end) : fail(d, DECODE_UTF8, token);
			}
			decoded += (size_t) len;
			p += len;
		}
	}
	span->raw_len = (size_t) (p - span->raw);
	span->len = decoded;
	d->p = p + 1;
	return SUCCESS;
}

static char *put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		*out++ = (char) cp;
	} else if (cp < 0x800) {
		*out++ = (char) (0xC0 | (cp >> 6));
		*out++ = (char) (0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*out++ = (char) (0xE0 | (cp >> 12));
		*out++ = (char) (0x80 | ((cp >> 6) & 0x3F));
		*out++ = (char) (0x80 | (cp & 0x3F));
	} else {
		*out++ = (char) (0xF0 | (cp >> 18));
		*out++ = (char) (0x80 | ((cp >> 12) & 0x3F));
		*out++ = (char) (0x80 | ((cp >> 6) & 0x3F));
		*out++ = (char) (0x80 | (cp & 0x3F));
	}
	return out;
}

/* What the one-letter escapes stand for; the others were rejected by scan_escape(). */
static const char simple_escapes[128] = {
	['"'] = '"',
	['\\'] = '\\',
	['/'] = '/',
	['b'] = '\b',
	['f'] = '\f',
	['n'] = '\n',
	['r'] = '\r',
	['t'] = '\t',
};

/* Second pass for a string with escapes, already validated by scan_string. Escapes tend to
 * come in runs (all non-ASCII text when the server escapes it), so the bytes between them are
 * copied one by one for a few, and by memchr()/memcpy() past that; a two-way branch on the
 * escape's kind predicts better than a jump table. */
static zend_string *unescape(const string_span *span)
{
	zend_string *str = zend_string_alloc(span->len, 0);
	char *out = ZSTR_VAL(str);
	const char *p = span->raw;
	const char *end = span->raw + span->raw_len;

	while (p < end) {
		if (*p != '\\') {
			const char *stop = end - p > 16 ? p + 16 : end;
			while (p < stop && *p != '\\') {
				*out++ = *p++;
			}
			if (p == stop && p < end && *p != '\\') {
				const char *backslash = memchr(p, '\\', (size_t) (end - p));
				size_t plain = (size_t) ((backslash ? backslash : end) - p);
				memcpy(out, p, plain);
				out += plain;
				p += plain;
			}
			continue;
		}
		char kind = p[1];
		p += 2;
		if (kind != 'u') {
			*out++ = simple_escapes[(unsigned char) kind];
			continue;
		}
		uint32_t cp = (uint32_t) read_hex4(p);
		p += 4;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			uint32_t low = (uint32_t) read_hex4(p + 2);
			cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
			p += 6;
		}
		out = put_utf8(out, cp);
	}
	ZEND_ASSERT((size_t) (out - ZSTR_VAL(str)) == span->len);
	*out = '\0';
	return str;
}

static zend_always_inline void store64(char *p, uint64_t value)
{
	memcpy(p, &value, sizeof(value));
}

static zend_always_inline void store32(char *p, uint32_t value)
{
	memcpy(p, &value, sizeof(value));
}

/* A new string of the 2 to SHARED_VALUE_MAX_LEN bytes at raw: copied in words, the last one
 * overlapping, where memcpy() would dispatch on the length of every short value. */
static zend_always_inline zend_string *short_string(const char *raw, size_t len)
{
	zend_string *str = zend_string_alloc(len, 0);
	char *dst = ZSTR_VAL(str);

	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8) {
			store64(dst + i, load64(raw + i));
		}
		store64(dst + len - 8, load64(raw + len - 8));
	} else if (len >= 4) {
		store32(dst, load32(raw));
		store32(dst + len - 4, load32(raw + len - 4));
	} else {
		dst[0] = raw[0];
		dst[1] = raw[1];
		dst[len - 1] = raw[len - 1];
	}
	dst[len] = '\0';
	return str;
}

/* A cheap hash of 2 to 32 bytes from their length and first and last words; equal
 * hashes are confirmed by comparing the bytes. */
static zend_always_inline uint64_t short_hash(const char *raw, size_t len)
{
	uint64_t head, tail;

	if (len >= 8) {
		head = load64(raw);
		tail = load64(raw + len - 8);
	} else if (len >= 4) {
		head = load32(raw);
		tail = load32(raw + len - 4);
	} else {
		head = (unsigned char) raw[0];
		tail = ((unsigned char) raw[1] << 8) | (unsigned char) raw[len - 1];
	}
	uint64_t mixed = (head * 0x9E3779B97F4A7C15ULL) ^ (tail + len) * 0xC2B2AE3D27D4EB4FULL;
	return mixed ^ (mixed >> 29);
}

/* A short value equal to one read before shares its string. */
static zend_string *shared_value(decoder *d, const char *raw, size_t len)
{
	uint64_t hash = short_hash(raw, len);
	uint32_t slot = (uint32_t) (hash >> 32) & d->values_mask;
	key_entry *member = d->member;

	if (member) {
		member->values_read++;
	}
	for (int probe = 0; probe < SHARED_VALUE_PROBES; probe++) {
		shared_slot *seen = &d->values[slot];
		if (!seen->str) {
			zend_string *str = short_string(raw, len);
			seen->hash = hash;
			seen->str = zend_string_copy(str);
			return str;
		}
		if (seen->hash == hash && ZSTR_LEN(seen->str) == len &&
			memcmp(ZSTR_VAL(seen->str), raw, len) == 0) {
			if (member) {
				member->values_shared++;
			}
			return zend_string_copy(seen->str);
		}
		slot = (slot + 1) & d->values_mask;
	}
	return short_string(raw, len);
}

/* Values of lists are always looked up; those of a field while at least a quarter of them
 * turn out to be repeats. */
static zend_always_inline bool worth_sharing(const key_entry *member)
{
	return !member || member->values_read < SHARED_VALUE_TRIAL ||
		member->values_shared * 4 >= member->values_read;
}

static void set_string(decoder *d, zval *out, const string_span *span)
{
	if (span->escaped) {
		ZVAL_STR(out, unescape(span));
	} else if (span->raw_len == 0) {
		ZVAL_EMPTY_STRING(out);
	} else if (span->raw_len == 1) {
		ZVAL_INTERNED_STR(out, ZSTR_CHAR((zend_uchar) span->raw[0]));
	} else if (span->raw_len <= SHARED_VALUE_MAX_LEN) {
		ZVAL_STR(out,
			worth_sharing(d->member) ? shared_value(d, span->raw, span->raw_len)
									 : short_string(span->raw, span->raw_len));
	} else {
		ZVAL_STR(out, zend_string_init(span->raw, span->raw_len, 0));
	}
}

/* ---- keys ---- */

static void grow_key_index(decoder *d)
{
	uint32_t size = d->index ? (d->index_mask + 1) * 2 : 64;
	key_entry **index = ecalloc(size, sizeof(*index));

	if (d->index) {
		for (uint32_t i = 0; i <= d->index_mask; i++) {
			key_entry *e = d->index[i];
			while (e) {
				key_entry *chain = e->chain;
				uint32_t slot = (uint32_t) e->raw_hash & (size - 1);
				e->chain = index[slot];
				index[slot] = e;
				e = chain;
			}
		}
		efree(d->index);
	}
	d->index = index;
	d->index_mask = size - 1;
}

static key_entry *new_key(decoder *d, const string_span *span, zend_ulong hash)
{
	if (!d->chunks || d->chunks->used == KEYS_PER_CHUNK) {
		key_chunk *chunk = emalloc(sizeof(*chunk));
		chunk->prev = d->chunks;
		chunk->used = 0;
		d->chunks = chunk;
	}
	key_entry *e = &d->chunks->entries[d->chunks->used++];

	e->raw = span->raw;
	e->raw_len = span->raw_len;
	e->raw_hash = hash;
	e->next = NULL;
	e->mark = 0;
	e->values_read = 0;
	e->values_shared = 0;
	e->escaped = span->escaped;
	if (span->escaped) {
		e->name = unescape(span);
	} else if (span->raw_len <= 1) {
		e->name = span->raw_len ? ZSTR_CHAR((zend_uchar) span->raw[0]) : ZSTR_EMPTY_ALLOC();
	} else {
		e->name = zend_string_init(span->raw, span->raw_len, 0);
		/* The body bytes are the key bytes: the lookup hash is the key's own hash. */
		ZSTR_H(e->name) = hash;
	}
	zend_string_hash_val(e->name);
	e->is_index = ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(e->name), ZSTR_LEN(e->name), e->index);

	if (d->key_count * 2 >= d->index_mask) {
		grow_key_index(d);
	}
	uint32_t slot = (uint32_t) hash & d->index_mask;
	e->chain = d->index[slot];
	d->index[slot] = e;
	d->key_count++;
	return e;
}

static key_entry *find_key(decoder *d, const string_span *span)
{
	zend_ulong hash = zend_inline_hash_func(span->raw, span->raw_len);

	if (d->index) {
		for (key_entry *e = d->index[(uint32_t) hash & d->index_mask]; e; e = e->chain) {
			if (e->raw_hash == hash && e->raw_len == span->raw_len &&
				memcmp(e->raw, span->raw, span->raw_len) == 0) {
				return e;
			}
		}
	}
	return new_key(d, span, hash);
}

/* memcmp() for the short names of fields, without the call: word loads, the last one
 * overlapping the previous. */
static zend_always_inline bool same_bytes(const char *a, const char *b, size_t len)
{
	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8) {
			if (load64(a + i) != load64(b + i)) {
				return false;
			}
		}
		return load64(a + len - 8) == load64(b + len - 8);
	}
	if (len >= 4) {
		return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
	}
	for (size_t i = 0; i < len; i++) {
		if (a[i] != b[i]) {
			return false;
		}
	}
	return true;
}

/* True when the body at p holds the key e followed by its closing quote. Both spellings
 * being byte-identical, the body's key is as valid as the one seen before. */
static zend_always_inline bool key_matches(const decoder *d, const key_entry *e, const char *p)
{
	return e && (size_t) (d->end - p) > e->raw_len && p[e->raw_len] == '"' &&
		same_bytes(p, e->raw, e->raw_len);
}

/* Reads a member name (d->p on its opening quote); predicted is the likely key. */
static key_entry *read_key(decoder *d, key_entry *predicted)
{
	if (key_matches(d, predicted, d->p + 1)) {
		d->p += predicted->raw_len + 2;
		return predicted;
	}
	string_span span;
	if (scan_string(d, &span) == FAILURE) {
		return NULL;
	}
	return find_key(d, &span);
}

/* ---- numbers and literals ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Same rule as json_decode: an integer too large for zend_long becomes a float. */
static bool fits_zend_long(const char *digits, size_t count, bool negative)
{
#if SIZEOF_ZEND_LONG == 8
	static const char min_digits[] = "9223372036854775808";
#else
	static const char min_digits[] = "2147483648";
#endif
	if (count != sizeof(min_digits) - 1) {
		return count < sizeof(min_digits) - 1;
	}
	int cmp = memcmp(digits, min_digits, count);
	return cmp < 0 || (cmp == 0 && negative);
}

static void set_double(zval *out, const char *start, size_t len)
{
	char small[64];
	char *copy = len < sizeof(small) ? small : emalloc(len + 1);

	/* zend_strtod() reads up to a terminator the body may not have. */
	memcpy(copy, start, len);
	copy[len] = '\0';
	ZVAL_DOUBLE(out, zend_strtod(copy, NULL));
	if (copy != small) {
		efree(copy);
	}
}

static zend_result parse_number(decoder *d, zval *out)
{
	const char *start = d->p;
	const char *p = start;
	const char *end = d->end;
	bool negative = *p == '-';

	if (negative) {
		p++;
	}
	const char *digits = p;
	if (p < end && *p == '0') {
		p++;
	} else if (p < end && *p >= '1' && *p <= '9') {
		while (p < end && is_digit(*p)) {
			p++;
		}
	} else {
		return fail(d, DECODE_SYNTAX, start);
	}
	size_t digit_count = (size_t) (p - digits);
	bool is_float = false;
	if (p < end && *p == '.') {
		if (p + 1 >= end || !is_digit(p[1])) {
			return fail(d, DECODE_SYNTAX, p);
		}
		p += 2;
		while (p < end && is_digit(*p)) {
			p++;
		}
		is_float = true;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *exponent = p++;
		if (p < end && (*p == '+' || *p == '-')) {
			p++;
		}
		if (p >= end || !is_digit(*p)) {
			return fail(d, DECODE_SYNTAX, exponent);
		}
		while (p < end && is_digit(*p)) {
			p++;
		}
		is_float = true;
	}
	d->p = p;
	if (is_float || !fits_zend_long(digits, digit_count, negative)) {
		set_double(out, start, (size_t) (p - start));
		return SUCCESS;
	}
	zend_ulong value = 0;
	for (const char *q = digits; q < p; q++) {
		value = value * 10 + (zend_ulong) (*q - '0');
	}
	ZVAL_LONG(out, negative ? (zend_long) (0 - value) : (zend_long) value);
	return SUCCESS;
}

static zend_result parse_literal(decoder *d, zval *out)
{
	size_t left = (size_t) (d->end - d->p);

	if (left >= 4 && memcmp(d->p, "true", 4) == 0) {
		ZVAL_TRUE(out);
		d->p += 4;
	} else if (left >= 5 && memcmp(d->p, "false", 5) == 0) {
		ZVAL_FALSE(out);
		d->p += 5;
	} else if (left >= 4 && memcmp(d->p, "null", 4) == 0) {
		ZVAL_NULL(out);
		d->p += 4;
	} else {
		return fail(d, DECODE_SYNTAX, d->p);
	}
	return SUCCESS;
}

/* ---- containers ---- */

/* Room for count elements. The engine rounds table sizes up to powers of two, which leaves
 * up to half of a row's buckets unused; the decoder knows every array's final size, so it
 * rounds to three significant bits instead (from 32 members up, at most a fifth unused).
 * Two rules of the engine's own growth shape that: sizes must stay multiples of 8 (its
 * hash reset writes 64 bytes at a time, and doubling keeps that), and doubling a
 * 3-significant-bit size gives a hash mask with enough free bits for a load of at most
 * 1.25, so a row a script adds to later still hashes well. */
static uint32_t table_size_for(uint32_t count)
{
	uint32_t shift = 3;

	while ((count >> shift) >= 8) {
		shift++;
	}
	uint32_t mantissa = (count + (1U << shift) - 1) >> shift;
	return MAX(mantissa, 1) << shift;
}

/* An initialised mixed (hash) array with table_size_for(count) buckets and a hash part of
 * the next power of two (at least 8 slots), where the engine would allocate the next power
 * of two of buckets and twice as many slots. Lookups only rely on the mask being a power of
 * two; the engine's copies take size and mask as they are, and its resizes recompute both. */
static HashTable *new_mixed_array(uint32_t count)
{
	HashTable *ht = zend_new_array(0);
	uint32_t size = table_size_for(count);
	uint32_t slots = 8;

	while (slots < size) {
		slots *= 2;
	}
	ht->nTableSize = size;
	ht->nTableMask = (uint32_t) - (int32_t) slots;
	HT_SET_DATA_ADDR(ht, emalloc(HT_SIZE_EX(size, ht->nTableMask)));
	HT_FLAGS(ht) = HASH_FLAG_STATIC_KEYS;
	HT_HASH_RESET(ht);
	return ht;
}

static void grow_stack(decoder *d)
{
	d->cap *= 2;
	d->stack = safe_erealloc(d->stack, d->cap, sizeof(pending), 0);
}

static zend_always_inline void push(decoder *d, zval *value, key_entry *key)
{
	if (UNEXPECTED(d->top == d->cap)) {
		grow_stack(d);
	}
	pending *slot = &d->stack[d->top++];
	ZVAL_COPY_VALUE(&slot->value, value);
	slot->key = key;
}

static zend_result enter(decoder *d)
{
	if (++d->depth > MAX_NESTING) {
		return fail(d, DECODE_DEPTH, d->p);
	}
	d->p++;
	return SUCCESS;
}

static void build_list(decoder *d, size_t base, zval *out)
{
	uint32_t count = (uint32_t) (d->top - base);

	if (count == 0) {
		ZVAL_EMPTY_ARRAY(out);
		return;
	}
	HashTable *ht = zend_new_array(0);
	ht->nTableSize = table_size_for(count);
	zend_hash_real_init_packed(ht);
	ZEND_HASH_FILL_PACKED(ht)
	{
		for (size_t i = base; i < d->top; i++) {
			ZEND_HASH_FILL_ADD(&d->stack[i].value);
		}
	}
	ZEND_HASH_FILL_END();
	d->top = base;
	ZVAL_ARR(out, ht);
}

/* needs_lookups: some key is an integer one, or is written with escapes. */
static void build_object(decoder *d, size_t base, bool needs_lookups, zval *out)
{
	uint32_t count = (uint32_t) (d->top - base);
	pending *members = d->stack + base;

	if (count == 0) {
		ZVAL_EMPTY_ARRAY(out);
		return;
	}
	HashTable *ht = new_mixed_array(count);
	if (UNEXPECTED(needs_lookups)) {
		/* Integer keys, and names that other spellings may repeat: insert as
		 * json_decode does. */
		for (uint32_t i = 0; i < count; i++) {
			zend_symtable_update(ht, members[i].key->name, &members[i].value);
		}
	} else {
		/* Plain names are equal only when their bytes are, so they are the same entry:
		 * a mark already at this object's serial is a duplicate key. */
		uint32_t serial = ++d->serial;
		for (uint32_t i = 0; i < count; i++) {
			key_entry *key = members[i].key;
			if (EXPECTED(key->mark != serial)) {
				key->mark = serial;
				_zend_hash_append(ht, key->name, &members[i].value);
			} else {
				zend_hash_update(ht, key->name, &members[i].value);
			}
		}
	}
	d->top = base;
	ZVAL_ARR(out, ht);
}

static zend_always_inline bool at(const decoder *d, char c)
{
	return d->p < d->end && *d->p == c;
}

static zend_always_inline zend_result parse_string(decoder *d, zval *out)
{
	string_span span;

	if (scan_string(d, &span) == FAILURE) {
		return FAILURE;
	}
	set_string(d, out, &span);
	return SUCCESS;
}

static zend_result parse_list(decoder *d, zval *out)
{
	size_t base = d->top;

	if (enter(d) == FAILURE) {
		return FAILURE;
	}
	skip_whitespace(d);
	if (d->p < d->end && *d->p == ']') {
		d->p++;
	} else {
		for (;;) {
			zval value;
			d->member = NULL;
			if (parse_value(d, &value) == FAILURE) {
				return FAILURE;
			}
			push(d, &value, NULL);
			skip_whitespace(d);
			if (d->p < d->end && *d->p == ',') {
				d->p++;
				continue;
			}
			if (d->p < d->end && *d->p == ']') {
				d->p++;
				break;
			}
			return fail_expected(d);
		}
	}
	d->depth--;
	build_list(d, base, out);
	return SUCCESS;
}

static zend_result parse_object(decoder *d, zval *out)
{
	size_t base = d->top;
	uint32_t depth = d->depth;
	key_entry *predicted = depth < FIRST_KEY_DEPTHS ? d->first_key[depth] : NULL;
	key_entry *previous = NULL;
	bool needs_lookups = false;

	if (enter(d) == FAILURE) {
		return FAILURE;
	}
	skip_whitespace(d);
	if (d->p < d->end && *d->p == '}') {
		d->p++;
	} else {
		for (;;) {
			if (d->p >= d->end || *d->p != '"') {
				return fail_expected(d);
			}
			key_entry *key = read_key(d, predicted);
			if (!key) {
				return FAILURE;
			}
			needs_lookups |= key->is_index || key->escaped;
			if (key != predicted) {
				if (previous) {
					previous->next = key;
				} else if (depth < FIRST_KEY_DEPTHS) {
					d->first_key[depth] = key;
				}
			}
			if (UNEXPECTED(!at(d, ':'))) {
				skip_whitespace(d);
				if (!at(d, ':')) {
					return fail_expected(d);
				}
			}
			d->p++;
			zval value;
			d->member = key;
			if (d->end - d->p >= 2 && d->p[0] == '"') {
				if (d->p[1] == '"') {
					/* Empty fields are half of a row: the shared empty string, no scan. */
					ZVAL_EMPTY_STRING(&value);
					d->p += 2;
				} else if (parse_string(d, &value) == FAILURE) {
					return FAILURE;
				}
			} else if (parse_value(d, &value) == FAILURE) {
				return FAILURE;
			}
			push(d, &value, key);
			previous = key;
			predicted = key->next;
			/* Webservice answers have no whitespace between tokens: look for it only when
			 * the next byte is not the expected one. */
			if (UNEXPECTED(!at(d, ','))) {
				skip_whitespace(d);
			}
			if (at(d, ',')) {
				d->p++;
				if (UNEXPECTED(!at(d, '"'))) {
					skip_whitespace(d);
				}
				continue;
			}
			if (at(d, '}')) {
				d->p++;
				break;
			}
			return fail_expected(d);
		}
	}
	d->depth--;
	build_object(d, base, needs_lookups, out);
	return SUCCESS;
}

static zend_result parse_value(decoder *d, zval *out)
{
	skip_whitespace(d);
	if (d->p >= d->end) {
		return fail(d, DECODE_TRUNCATED, d->end);
	}
	switch (*d->p) {
		case '"':
			return parse_string(d, out);
		case '{':
			return parse_object(d, out);
		case '[':
			return parse_list(d, out);
		case '-':
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9':
			return parse_number(d, out);
		default:
			return parse_literal(d, out);
	}
}

static void decoder_init(decoder *d, const char *json, size_t len)
{
	memset(d, 0, sizeof(*d));
	d->start = json;
	d->p = json;
	d->end = json + len;
	d->cap = 64;
	d->stack = safe_emalloc(d->cap, sizeof(pending), 0);

	/* About one slot per 32 bytes of body, but no more than the processor's cache
	 * holds comfortably: a lookup that misses the cache costs more than it saves. */
	uint32_t slots = 64;
	while (slots < 4096 && slots < len / 32) {
		slots *= 2;
	}
	d->values = ecalloc(slots, sizeof(shared_slot));
	d->values_mask = slots - 1;
}

static void decoder_dtor(decoder *d)
{
	for (size_t i = 0; i < d->top; i++) {
		zval_ptr_dtor(&d->stack[i].value);
	}
	efree(d->stack);
	while (d->chunks) {
		key_chunk *chunk = d->chunks;
		for (uint32_t i = 0; i < chunk->used; i++) {
			zend_string_release(chunk->entries[i].name);
		}
		d->chunks = chunk->prev;
		efree(chunk);
	}
	if (d->index) {
		efree(d->index);
	}
	for (uint32_t i = 0; i <= d->values_mask; i++) {
		if (d->values[i].str) {
			zend_string_release(d->values[i].str);
		}
	}
	efree(d->values);
}

/* ---- errors and the public entry points ---- */

typedef struct {
	decode_error code;
	size_t offset;
} json_failure;

static zend_result parse_json(zval *out, const char *json, size_t len, json_failure *failure)
{
	decoder d;

	decoder_init(&d, json, len);
	zend_result result = parse_value(&d, out);
	if (result == SUCCESS) {
		skip_whitespace(&d);
		if (d.p < d.end) {
			zval_ptr_dtor(out);
			result = fail(&d, DECODE_SYNTAX, d.p);
		}
	}
	if (result == FAILURE) {
		failure->code = d.error;
		failure->offset = d.error_offset;
		ZVAL_NULL(out);
	}
	decoder_dtor(&d);
	return result;
}

static const char *json_failure_reason(const json_failure *failure)
{
	switch (failure->code) {
		case DECODE_TRUNCATED:
			return "the body ends early (truncated?)";
		case DECODE_DEPTH:
			return "nesting deeper than 512 levels";
		case DECODE_UTF8:
			return "malformed UTF-8 or UTF-16";
		case DECODE_CTRL_CHAR:
			return "unexpected control character";
		default:
			return "syntax error";
	}
}

zend_result vtws_decode_or_throw(zval *out, const char *json, size_t len, const char *operation)
{
	json_failure failure;

	if (parse_json(out, json, len, &failure) == SUCCESS) {
		return SUCCESS;
	}
	vtws_error_context ctx = {.operation = operation, .body = json, .body_len = len};
	vtws_throw_protocol_error(&ctx, (zend_long) failure.offset, "%s: invalid JSON at byte %zu: %s",
		operation, failure.offset, json_failure_reason(&failure));
	return FAILURE;
}

static bool starts_like_html(const char *body, size_t len)
{
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
		i++;
	}
	return i < len && body[i] == '<';
}

/* Why a body that is not a JSON envelope failed, in words an operator can act on. */
static void throw_not_json(const vtws_error_context *ctx, const json_failure *failure)
{
	const char *op = ctx->operation;

	if (ctx->body_len == 0) {
		vtws_throw_protocol_error(ctx, 0, "%s: empty response body where JSON was expected", op);
	} else if (zend_memnstr(ctx->body, "{\"success\"", sizeof("{\"success\"") - 1,
				   ctx->body + ctx->body_len) != NULL &&
		failure->offset == 0) {
		vtws_throw_protocol_error(ctx, 0,
			"%s: the server printed PHP output (warnings or notices) before the JSON answer; "
			"turn display_errors off on the Vtiger server",
			op);
	} else if (starts_like_html(ctx->body, ctx->body_len)) {
		vtws_throw_protocol_error(ctx, (zend_long) failure->offset,
			"%s: HTML page instead of a JSON answer", op);
	} else {
		vtws_throw_protocol_error(ctx, (zend_long) failure->offset,
			"%s: invalid JSON at byte %zu: %s", op, failure->offset, json_failure_reason(failure));
	}
}

static vtws_envelope_status take_api_error(const vtws_error_context *ctx, zval *error_zv,
	vtws_api_error *error)
{
	zval *code = Z_TYPE_P(error_zv) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(error_zv), "code", 4)
		: NULL;
	zval *message = Z_TYPE_P(error_zv) == IS_ARRAY
		? zend_hash_str_find(Z_ARRVAL_P(error_zv), "message", 7)
		: NULL;

	if (!code || (Z_TYPE_P(code) != IS_STRING && Z_TYPE_P(code) != IS_LONG) ||
		(message && Z_TYPE_P(message) != IS_STRING)) {
		vtws_throw_protocol_error(ctx, -1,
			"%s: success is false but the error has no string or integer code", ctx->operation);
		return VTWS_ENVELOPE_INVALID;
	}
	ZVAL_COPY(&error->code, code);
	error->message = message ? zend_string_copy(Z_STR_P(message)) : ZSTR_EMPTY_ALLOC();
	return VTWS_ENVELOPE_API_ERROR;
}

static vtws_envelope_status take_envelope(const vtws_error_context *ctx, zval *doc, zval *result,
	vtws_api_error *error)
{
	zval *success = Z_TYPE_P(doc) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(doc), "success", 7)
											  : NULL;

	if (!success || (Z_TYPE_P(success) != IS_TRUE && Z_TYPE_P(success) != IS_FALSE)) {
		vtws_throw_protocol_error(ctx, -1, "%s: JSON answer without a boolean \"success\" member",
			ctx->operation);
		return VTWS_ENVELOPE_INVALID;
	}
	if (Z_TYPE_P(success) == IS_FALSE) {
		zval *err = zend_hash_str_find(Z_ARRVAL_P(doc), "error", 5);
		zval none;
		ZVAL_NULL(&none);
		return take_api_error(ctx, err ? err : &none, error);
	}
	zval *value = zend_hash_str_find(Z_ARRVAL_P(doc), "result", 6);
	if (!value) {
		vtws_throw_protocol_error(ctx, -1, "%s: success without a \"result\" member",
			ctx->operation);
		return VTWS_ENVELOPE_INVALID;
	}
	ZVAL_COPY(result, value);
	return VTWS_ENVELOPE_SUCCESS;
}

vtws_envelope_status vtws_unwrap_envelope(const vtws_error_context *ctx, zval *result,
	vtws_api_error *error)
{
	zval doc;
	json_failure failure = {0};

	ZVAL_NULL(result);
	ZVAL_UNDEF(&error->code);
	error->message = NULL;
	if (ctx->body_len == 0 || parse_json(&doc, ctx->body, ctx->body_len, &failure) == FAILURE) {
		throw_not_json(ctx, &failure);
		return VTWS_ENVELOPE_INVALID;
	}
	vtws_envelope_status status = take_envelope(ctx, &doc, result, error);
	zval_ptr_dtor(&doc);
	return status;
}

void vtws_api_error_dtor(vtws_api_error *error)
{
	zval_ptr_dtor(&error->code);
	ZVAL_UNDEF(&error->code);
	if (error->message) {
		zend_string_release(error->message);
		error->message = NULL;
	}
}
