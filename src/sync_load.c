/*
 * The definition loader. The document is parsed by libxml2 without network access, DTD
 * loading or entity substitution, and a document type declaration is refused outright, so
 * a definition cannot make the loader read files or expand entities. Each element is then
 * checked against the specification and compiled; the first error stops the load and is
 * reported with the element's name and line.
 */
#include "sync_load.h"
#include "sync_crypto.h"
#include <libxml/parser.h>
#include <libxml/tree.h>

typedef struct {
	sync_model *model;
	sync_load_result *result;
} loader;

typedef xmlNodePtr node_t;

#define FOREACH_ELEMENT(parent, child) \
	for (node_t child = (parent)->children; child; child = child->next) \
		if (child->type == XML_ELEMENT_NODE)

static bool is(node_t node, const char *name)
{
	return !strcmp((const char *) node->name, name);
}

static uint32_t element_count(node_t parent, const char *name)
{
	uint32_t n = 0;
	FOREACH_ELEMENT(parent, c)
	{
		if (!name || is(c, name)) {
			n++;
		}
	}
	return n;
}

static node_t first_child(node_t parent, const char *name)
{
	FOREACH_ELEMENT(parent, c)
	{
		if (is(c, name)) {
			return c;
		}
	}
	return NULL;
}

static zend_result fail(loader *l, node_t node, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 3, 4);

static zend_result fail(loader *l, node_t node, const char *format, ...)
{
	va_list args;

	if (l->result->error) {
		return FAILURE;
	}
	va_start(args, format);
	vspprintf(&l->result->error, 0, format, args);
	va_end(args);
	l->result->error_line = node ? xmlGetLineNo(node) : 0;
	snprintf(l->result->error_element, sizeof(l->result->error_element), "%s",
		node ? (const char *) node->name : "");
	return FAILURE;
}

static void warn(loader *l, node_t node, const char *format, ...)
	ZEND_ATTRIBUTE_FORMAT(printf, 3, 4);

static void warn(loader *l, node_t node, const char *format, ...)
{
	va_list args;
	char *message;
	zval entry;

	va_start(args, format);
	vspprintf(&message, 0, format, args);
	va_end(args);
	array_init(&entry);
	add_assoc_string(&entry, "message", message);
	add_assoc_long(&entry, "line", node ? xmlGetLineNo(node) : 0);
	add_assoc_string(&entry, "element", node ? (const char *) node->name : "");
	add_next_index_zval(&l->result->warnings, &entry);
	efree(message);
}

/* Unknown elements are ignored with a warning, or refused in strict mode. */
static zend_result unknown_element(loader *l, node_t node, node_t parent)
{
	if (l->result->strict) {
		return fail(l, node, "unknown element <%s> in <%s>", node->name, parent->name);
	}
	warn(l, node, "unknown element <%s> in <%s> ignored", node->name, parent->name);
	return SUCCESS;
}

static zend_result check_attributes(loader *l, node_t node, const char *const *allowed)
{
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		bool known = false;
		for (const char *const *name = allowed; *name; name++) {
			if (!strcmp((const char *) a->name, *name)) {
				known = true;
				break;
			}
		}
		if (known) {
			continue;
		}
		if (l->result->strict) {
			return fail(l, node, "unknown attribute \"%s\" on <%s>", a->name, node->name);
		}
		warn(l, node, "unknown attribute \"%s\" on <%s> ignored", a->name, node->name);
	}
	return SUCCESS;
}

#define ATTRS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* An attribute value as a zend_string, NULL when absent. */
static zend_string *attr(node_t node, const char *name)
{
	xmlChar *value = xmlGetProp(node, (const xmlChar *) name);
	zend_string *s;

	if (!value) {
		return NULL;
	}
	s = zend_string_init((const char *) value, strlen((const char *) value), 0);
	xmlFree(value);
	return s;
}

static zend_string *required_attr(loader *l, node_t node, const char *name)
{
	zend_string *value = attr(node, name);

	if (!value || ZSTR_LEN(value) == 0) {
		if (value) {
			zend_string_release(value);
		}
		fail(l, node, "<%s> needs a non-empty \"%s\" attribute", node->name, name);
		return NULL;
	}
	return value;
}

static bool attr_is_true(node_t node, const char *name)
{
	zend_string *value = attr(node, name);
	bool yes = value &&
		(zend_string_equals_literal_ci(value, "true") || zend_string_equals_literal(value, "1"));

	if (value) {
		zend_string_release(value);
	}
	return yes;
}

/* Text content, trimmed when asked (URLs, numbers, names; never values). */
static zend_string *text_of(node_t node, bool trim)
{
	xmlChar *content = xmlNodeGetContent(node);
	const char *s = content ? (const char *) content : "";
	size_t len = strlen(s);
	zend_string *result;

	if (trim) {
		while (len > 0 && isspace((unsigned char) *s)) {
			s++;
			len--;
		}
		while (len > 0 && isspace((unsigned char) s[len - 1])) {
			len--;
		}
	}
	result = zend_string_init(s, len, 0);
	if (content) {
		xmlFree(content);
	}
	return result;
}

static zend_result compile(loader *l, node_t node, sync_expr *expr, const zend_string *source,
	const zend_string *format, unsigned contexts)
{
	char *error;

	if (sync_expr_compile(expr, source ? ZSTR_VAL(source) : "", source ? ZSTR_LEN(source) : 0,
			format ? ZSTR_VAL(format) : NULL, contexts, &error) == FAILURE) {
		fail(l, node, "%s", error);
		efree(error);
		return FAILURE;
	}
	return SUCCESS;
}

/* value="..." plus format="..." of an element. */
static zend_result compile_value_attr(loader *l, node_t node, sync_expr *expr, unsigned contexts)
{
	zend_string *value = attr(node, "value");
	zend_string *format = attr(node, "format");
	zend_result r = compile(l, node, expr, value, format, contexts);

	if (value) {
		zend_string_release(value);
	}
	if (format) {
		zend_string_release(format);
	}
	return r;
}

static zend_result compile_attr(loader *l, node_t node, const char *name, sync_expr **out,
	unsigned contexts)
{
	zend_string *value = attr(node, name);
	zend_result r;

	if (!value) {
		return SUCCESS;
	}
	*out = ecalloc(1, sizeof(sync_expr));
	r = compile(l, node, *out, value, NULL, contexts);
	zend_string_release(value);
	return r;
}

/* ---- URLs ------------------------------------------------------------------------- */

static int longest_first(const void *a, const void *b)
{
	const zend_string *x = *(const zend_string *const *) a;
	const zend_string *y = *(const zend_string *const *) b;

	return ZSTR_LEN(x) < ZSTR_LEN(y) ? 1 : (ZSTR_LEN(x) > ZSTR_LEN(y) ? -1 : 0);
}

static zend_result load_url(loader *l, node_t node, sync_url **out, unsigned contexts)
{
	sync_url *url = ecalloc(1, sizeof(sync_url));
	uint32_t count = 0, i = 0;
	zend_string **order;

	*out = url;
	url->text = text_of(node, true);
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		count++;
	}
	if (count == 0) {
		return SUCCESS;
	}
	/* Sorting names longest first keeps $ID from replacing the start of $IDX. */
	order = safe_emalloc(count, sizeof(zend_string *), 0);
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		order[i++] = zend_string_init((const char *) a->name, strlen((const char *) a->name), 0);
	}
	qsort(order, count, sizeof(zend_string *), longest_first);
	url->var_names = order;
	url->var_values = ecalloc(count, sizeof(sync_expr));
	url->var_count = count;
	for (i = 0; i < count; i++) {
		zend_string *value = attr(node, ZSTR_VAL(order[i]));
		zend_result r = compile(l, node, &url->var_values[i], value, NULL, contexts);
		if (value) {
			zend_string_release(value);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

/* ---- parameter trees --------------------------------------------------------------- */

static zend_result build_object(loader *l, node_t parent, sync_pnode *obj, unsigned contexts);

static zend_result value_list(loader *l, node_t values, sync_pnode *list, uint32_t offset,
	unsigned contexts)
{
	FOREACH_ELEMENT(values, c)
	{
		if (!is(c, "value")) {
			continue;
		}
		zend_string *text = text_of(c, false);
		zend_result r;
		list->children[offset].kind = SYNC_PNODE_EXPR;
		r = compile(l, c, &list->children[offset].expr, text, NULL, contexts);
		zend_string_release(text);
		offset++;
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

/* content(v) of the specification's algorithm. */
static zend_result values_content(loader *l, node_t values, sync_pnode *out, unsigned contexts)
{
	uint32_t params = element_count(values, "parameter");
	uint32_t vals = element_count(values, "value");

	FOREACH_ELEMENT(values, c)
	{
		if (!is(c, "parameter") && !is(c, "value") && unknown_element(l, c, values) == FAILURE) {
			return FAILURE;
		}
	}
	if (params > 0 && vals > 0) {
		return fail(l, values, "<values> holds both <parameter> and <value> children");
	}
	if (params > 0) {
		return build_object(l, values, out, contexts);
	}
	out->kind = SYNC_PNODE_LIST;
	out->count = vals;
	out->children = ecalloc(MAX(vals, 1), sizeof(sync_pnode));
	return value_list(l, values, out, 0, contexts);
}

/* paramValue(p) of the specification's algorithm. */
static zend_result param_value(loader *l, node_t param, sync_pnode *out, unsigned contexts)
{
	uint32_t count = element_count(param, "values");
	uint32_t named = 0, i = 0;
	bool all_values = true;

	FOREACH_ELEMENT(param, c)
	{
		if (!is(c, "values") && unknown_element(l, c, param) == FAILURE) {
			return FAILURE;
		}
	}
	if (count == 0) {
		out->kind = SYNC_PNODE_EXPR;
		return compile_value_attr(l, param, &out->expr, contexts);
	}
	if (xmlHasProp(param, (const xmlChar *) "value")) {
		return fail(l, param, "<parameter> has both a value attribute and <values>");
	}
	FOREACH_ELEMENT(param, c)
	{
		if (!is(c, "values")) {
			continue;
		}
		if (xmlHasProp(c, (const xmlChar *) "name")) {
			named++;
		}
		if (element_count(c, "parameter") > 0 || element_count(c, "value") == 0) {
			all_values = false;
		}
	}
	if (named > 0 && named < count) {
		return fail(l, param, "<parameter> mixes named and unnamed <values>");
	}
	if (named > 0) {
		out->kind = SYNC_PNODE_OBJECT;
	} else if (all_values) {
		/* Several <values> of plain values concatenate into one list. */
		uint32_t total = 0;
		FOREACH_ELEMENT(param, c)
		{
			if (is(c, "values")) {
				total += element_count(c, "value");
			}
		}
		out->kind = SYNC_PNODE_LIST;
		out->count = total;
		out->children = ecalloc(total, sizeof(sync_pnode));
		FOREACH_ELEMENT(param, c)
		{
			if (!is(c, "values")) {
				continue;
			}
			if (value_list(l, c, out, i, contexts) == FAILURE) {
				return FAILURE;
			}
			i += element_count(c, "value");
		}
		return SUCCESS;
	} else {
		out->kind = SYNC_PNODE_LIST;
	}
	out->count = count;
	out->children = ecalloc(count, sizeof(sync_pnode));
	if (named > 0) {
		out->names = ecalloc(count, sizeof(zend_string *));
	}
	FOREACH_ELEMENT(param, c)
	{
		if (!is(c, "values")) {
			continue;
		}
		if (named > 0) {
			out->names[i] = attr(c, "name");
		}
		if (check_attributes(l, c, ATTRS("name")) == FAILURE ||
			values_content(l, c, &out->children[i], contexts) == FAILURE) {
			return FAILURE;
		}
		i++;
	}
	return SUCCESS;
}

/* buildObject(parent) of the specification's algorithm. */
static zend_result build_object(loader *l, node_t parent, sync_pnode *obj, unsigned contexts)
{
	uint32_t count = element_count(parent, "parameter");
	uint32_t i = 0;

	obj->kind = SYNC_PNODE_OBJECT;
	obj->count = count;
	obj->names = ecalloc(MAX(count, 1), sizeof(zend_string *));
	obj->children = ecalloc(MAX(count, 1), sizeof(sync_pnode));
	FOREACH_ELEMENT(parent, c)
	{
		if (!is(c, "parameter")) {
			continue;
		}
		obj->names[i] = required_attr(l, c, "name");
		if (!obj->names[i] || check_attributes(l, c, ATTRS("name", "value", "format")) == FAILURE) {
			return FAILURE;
		}
		for (uint32_t k = 0; k < i; k++) {
			if (zend_string_equals(obj->names[k], obj->names[i])) {
				warn(l, c, "parameter \"%s\" defined twice; the last one wins",
					ZSTR_VAL(obj->names[i]));
			}
		}
		if (param_value(l, c, &obj->children[i], contexts) == FAILURE) {
			return FAILURE;
		}
		i++;
	}
	return SUCCESS;
}

static zend_result load_params(loader *l, node_t node, sync_params **out, bool push,
	unsigned contexts)
{
	sync_params *params = ecalloc(1, sizeof(sync_params));

	*out = params;
	params->line = (uint32_t) xmlGetLineNo(node);
	params->raw = attr_is_true(node, "raw-post-data");
	if (check_attributes(l, node,
			push ? ATTRS("raw-post-data", "key", "iv", "algo") : ATTRS("raw-post-data")) ==
		FAILURE) {
		return FAILURE;
	}
	FOREACH_ELEMENT(node, c)
	{
		if (!is(c, "parameter") && unknown_element(l, c, node) == FAILURE) {
			return FAILURE;
		}
	}
	if (push &&
		(compile_attr(l, node, "key", &params->key, SYNC_CTX_SERVICE) == FAILURE ||
			compile_attr(l, node, "iv", &params->iv, SYNC_CTX_SERVICE) == FAILURE ||
			compile_attr(l, node, "algo", &params->algo, SYNC_CTX_SERVICE) == FAILURE)) {
		return FAILURE;
	}
	return build_object(l, node, &params->root, contexts);
}

/* ---- headers and requests ---------------------------------------------------------- */

static zend_result load_headers(loader *l, node_t node, sync_request_part *part, unsigned contexts)
{
	uint32_t i = 0;

	part->has_headers = true;
	part->header_count = element_count(node, "header");
	part->headers = ecalloc(MAX(part->header_count, 1), sizeof(sync_header));
	FOREACH_ELEMENT(node, c)
	{
		if (!is(c, "header")) {
			if (unknown_element(l, c, node) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		part->headers[i].name = required_attr(l, c, "name");
		if (!part->headers[i].name ||
			check_attributes(l, c, ATTRS("name", "value", "format")) == FAILURE ||
			compile_value_attr(l, c, &part->headers[i].value, contexts) == FAILURE) {
			return FAILURE;
		}
		i++;
	}
	return SUCCESS;
}

/* One of url, headers, parameters inside a request or a module element; false if the
 * element is none of them. */
static bool load_part_item(loader *l, node_t c, sync_request_part *part, bool push,
	unsigned contexts, zend_result *r)
{
	if (is(c, "url")) {
		*r = part->url ? fail(l, c, "<url> given twice") : load_url(l, c, &part->url, contexts);
	} else if (is(c, "headers")) {
		*r = part->has_headers ? fail(l, c, "<headers> given twice")
							   : load_headers(l, c, part, contexts);
	} else if (is(c, "parameters")) {
		*r = part->params ? fail(l, c, "<parameters> given twice")
						  : load_params(l, c, &part->params, push, contexts);
	} else {
		return false;
	}
	return true;
}

static zend_result load_mode(loader *l, node_t node, sync_mode *mode)
{
	if (mode->present) {
		return fail(l, node, "<%s> given twice", node->name);
	}
	mode->present = true;
	mode->batchlimit = 100;
	if (check_attributes(l, node, ATTRS("method")) == FAILURE) {
		return FAILURE;
	}
	mode->method = attr(node, "method");
	if (mode->method) {
		zend_str_toupper(ZSTR_VAL(mode->method), ZSTR_LEN(mode->method));
	}
	FOREACH_ELEMENT(node, c)
	{
		zend_result r = SUCCESS;
		if (is(c, "url")) {
			r = load_url(l, c, &mode->url, SYNC_CTX_PUSH);
		} else if (is(c, "batchlimit")) {
			zend_string *text = text_of(c, true);
			zend_long n = 0;
			bool ok = ZSTR_LEN(text) > 0 &&
				is_numeric_string(ZSTR_VAL(text), ZSTR_LEN(text), &n, NULL, false) == IS_LONG &&
				n > 0;
			zend_string_release(text);
			if (!ok) {
				return fail(l, c, "<batchlimit> must be a positive integer");
			}
			mode->batchlimit = n;
		} else if (is(c, "record")) {
			uint32_t i = 0;
			mode->has_record = true;
			mode->overwrite = attr_is_true(c, "overwrite");
			mode->property_count = element_count(c, "property");
			mode->properties = ecalloc(MAX(mode->property_count, 1), sizeof(sync_property));
			if (check_attributes(l, c, ATTRS("overwrite")) == FAILURE) {
				return FAILURE;
			}
			FOREACH_ELEMENT(c, p)
			{
				if (!is(p, "property")) {
					if (unknown_element(l, p, c) == FAILURE) {
						return FAILURE;
					}
					continue;
				}
				mode->properties[i].name = required_attr(l, p, "name");
				if (!mode->properties[i].name ||
					check_attributes(l, p, ATTRS("name", "value", "format")) == FAILURE ||
					compile_value_attr(l, p, &mode->properties[i].value, SYNC_CTX_PROPERTY) ==
						FAILURE) {
					return FAILURE;
				}
				i++;
			}
		} else if (is(c, "parameters")) {
			r = load_params(l, c, &mode->params, true, SYNC_CTX_PUSH);
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

static const char *const mode_names[SYNC_MODE_COUNT] = {"create", "update", "delete"};

static zend_result load_request(loader *l, node_t node, sync_direction *dir, bool push)
{
	sync_request *request = &dir->request;
	unsigned contexts = push ? SYNC_CTX_PUSH : SYNC_CTX_PULL;
	uint32_t overrides = 0;

	if (check_attributes(l, node, push ? ATTRS("method", "encrypt") : ATTRS("method")) == FAILURE) {
		return FAILURE;
	}
	request->method = attr(node, "method");
	if (!request->method || ZSTR_LEN(request->method) == 0) {
		if (request->method) {
			zend_string_release(request->method);
		}
		request->method = zend_string_init("GET", 3, 0);
	}
	zend_str_toupper(ZSTR_VAL(request->method), ZSTR_LEN(request->method));
	request->encrypt = push && attr_is_true(node, "encrypt");
	FOREACH_ELEMENT(node, c)
	{
		if (sync_model_find_pair(l->model, (const char *) c->name,
				strlen((const char *) c->name)) >= 0) {
			overrides++;
		}
	}
	request->overrides = ecalloc(MAX(overrides, 1), sizeof(sync_override));
	request->override_count = overrides;
	overrides = 0;
	FOREACH_ELEMENT(node, c)
	{
		zend_result r = SUCCESS;
		int mode = -1;
		for (int m = 0; push && m < SYNC_MODE_COUNT; m++) {
			if (is(c, mode_names[m])) {
				mode = m;
			}
		}
		if (load_part_item(l, c, &request->shared, push, contexts, &r)) {
			/* loaded */
		} else if (mode >= 0) {
			request->has_modes = true;
			r = load_mode(l, c, &request->modes[mode]);
		} else if (sync_model_find_pair(l->model, (const char *) c->name,
					   strlen((const char *) c->name)) >= 0) {
			sync_override *o = &request->overrides[overrides++];
			o->module = zend_string_init((const char *) c->name, strlen((const char *) c->name), 0);
			FOREACH_ELEMENT(c, item)
			{
				if (!load_part_item(l, item, &o->part, push, contexts, &r)) {
					r = unknown_element(l, item, c);
				}
				if (r == FAILURE) {
					return FAILURE;
				}
			}
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

/* ---- responses --------------------------------------------------------------------- */

static zend_result load_use(loader *l, node_t node, sync_use *use, bool allow_now)
{
	zend_string *value;

	if (use->kind != SYNC_USE_NONE) {
		return fail(l, node, "<%s> given twice", node->name);
	}
	if (check_attributes(l, node, ATTRS("use")) == FAILURE) {
		return FAILURE;
	}
	value = required_attr(l, node, "use");
	if (!value) {
		return FAILURE;
	}
	if (zend_string_equals_literal(value, "@response")) {
		use->kind = SYNC_USE_RESPONSE;
		zend_string_release(value);
	} else if (zend_string_equals_literal(value, "@currenttime")) {
		zend_string_release(value);
		if (!allow_now) {
			return fail(l, node, "\"@currenttime\" cannot be used in <%s>", node->name);
		}
		use->kind = SYNC_USE_NOW;
	} else if (ZSTR_VAL(value)[0] == '@' || ZSTR_VAL(value)[0] == '$') {
		fail(l, node, "unknown token \"%s\" in <%s use>", ZSTR_VAL(value), node->name);
		zend_string_release(value);
		return FAILURE;
	} else {
		use->kind = SYNC_USE_PATH;
		use->path = value;
	}
	return SUCCESS;
}

static zend_result load_codes(loader *l, node_t node, sync_codes *codes)
{
	zend_string *value = required_attr(l, node, "use");
	const char *p, *end;

	if (!value || check_attributes(l, node, ATTRS("use")) == FAILURE) {
		if (value) {
			zend_string_release(value);
		}
		return FAILURE;
	}
	if (codes->codes) {
		zend_string_release(value);
		return fail(l, node, "<%s> given twice", node->name);
	}
	codes->codes = ecalloc(ZSTR_LEN(value) / 2 + 1, sizeof(zend_long));
	p = ZSTR_VAL(value);
	end = p + ZSTR_LEN(value);
	while (p < end) {
		const char *comma = memchr(p, ',', end - p);
		const char *stop = comma ? comma : end;
		zend_long code = 0;
		if (stop - p != 3 || is_numeric_string(p, stop - p, &code, NULL, false) != IS_LONG ||
			code < 100) {
			zend_string_release(value);
			return fail(l, node, "<%s use> must list HTTP status codes separated by commas",
				node->name);
		}
		codes->codes[codes->code_count++] = code;
		p = comma ? comma + 1 : end;
	}
	zend_string_release(value);
	return SUCCESS;
}

static zend_result load_pull_response(loader *l, node_t node, sync_direction *dir)
{
	zend_string *format = attr(node, "format");

	if (format && !zend_string_equals_literal_ci(format, "json")) {
		zend_string_release(format);
		return fail(l, node, "response format must be \"json\"");
	}
	if (format) {
		zend_string_release(format);
	}
	if (check_attributes(l, node, ATTRS("format")) == FAILURE) {
		return FAILURE;
	}
	FOREACH_ELEMENT(node, c)
	{
		zend_result r;
		if (is(c, "code")) {
			r = load_codes(l, c, &dir->codes);
		} else if (is(c, "error")) {
			r = load_use(l, c, &dir->error, false);
		} else if (is(c, "records")) {
			r = load_use(l, c, &dir->records, false);
		} else if (is(c, "recordid")) {
			r = load_use(l, c, &dir->recordid, false);
		} else if (is(c, "recordmodifiedtime")) {
			r = load_use(l, c, &dir->recordmodifiedtime, true);
		} else if (is(c, "recorddeleted")) {
			r = load_use(l, c, &dir->recorddeleted, false);
		} else if (is(c, "decrypt")) {
			dir->decrypt = attr_is_true(c, "use");
			r = check_attributes(l, c, ATTRS("use"));
		} else if (is(c, "algo")) {
			r = compile_attr(l, c, "use", &dir->algo, SYNC_CTX_SERVICE);
		} else if (is(c, "key")) {
			r = compile_attr(l, c, "use", &dir->key, SYNC_CTX_SERVICE);
		} else if (is(c, "iv")) {
			r = compile_attr(l, c, "use", &dir->iv, SYNC_CTX_SERVICE);
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	if (dir->records.kind == SYNC_USE_NONE) {
		return fail(l, node, "the pull <response> needs <records use=\"...\"/>");
	}
	if (dir->recordid.kind == SYNC_USE_NONE) {
		return fail(l, node, "the pull <response> needs <recordid use=\"...\"/>");
	}
	if (dir->recordmodifiedtime.kind == SYNC_USE_NONE) {
		return fail(l, node, "the pull <response> needs <recordmodifiedtime use=\"...\"/>");
	}
	return SUCCESS;
}

static zend_result load_push_response(loader *l, node_t node, sync_direction *dir)
{
	if (check_attributes(l, node, ATTRS("format")) == FAILURE) {
		return FAILURE;
	}
	FOREACH_ELEMENT(node, c)
	{
		zend_result r;
		if (is(c, "createdcode")) {
			r = load_codes(l, c, &dir->mode_codes[SYNC_MODE_CREATE]);
		} else if (is(c, "updatedcode")) {
			r = load_codes(l, c, &dir->mode_codes[SYNC_MODE_UPDATE]);
		} else if (is(c, "deletedcode") || is(c, "deleteddcode")) {
			r = load_codes(l, c, &dir->mode_codes[SYNC_MODE_DELETE]);
		} else if (is(c, "error")) {
			r = load_use(l, c, &dir->error, false);
		} else if (is(c, "createdrecords")) {
			r = load_use(l, c, &dir->createdrecords, false);
		} else if (is(c, "recordid")) {
			r = load_use(l, c, &dir->recordid, false);
		} else if (is(c, "recordmodifiedtime")) {
			r = load_use(l, c, &dir->recordmodifiedtime, true);
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

static zend_result load_appendfields(loader *l, node_t node, sync_direction *dir)
{
	uint32_t i = 0;

	dir->append_count = element_count(node, "request");
	dir->appends = ecalloc(MAX(dir->append_count, 1), sizeof(sync_append));
	FOREACH_ELEMENT(node, req)
	{
		sync_append *a;
		node_t url, response;
		if (!is(req, "request")) {
			if (unknown_element(l, req, node) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		a = &dir->appends[i++];
		url = first_child(req, "url");
		response = first_child(req, "response");
		if (!url || !response) {
			return fail(l, req, "an appendfields <request> needs <url> and <response>");
		}
		if (load_url(l, url, &a->url, SYNC_CTX_APPEND) == FAILURE) {
			return FAILURE;
		}
		a->key_count = element_count(response, NULL);
		a->keys = ecalloc(MAX(a->key_count, 1), sizeof(sync_append_key));
		uint32_t k = 0;
		FOREACH_ELEMENT(response, key)
		{
			a->keys[k].name = zend_string_init((const char *) key->name,
				strlen((const char *) key->name), 0);
			if (load_use(l, key, &a->keys[k].use, false) == FAILURE) {
				return FAILURE;
			}
			k++;
		}
	}
	return SUCCESS;
}

static zend_result load_direction(loader *l, node_t node, sync_direction *dir, bool push)
{
	node_t request = NULL, response = NULL;

	if (dir->present) {
		return fail(l, node, "<%s> given twice", node->name);
	}
	dir->present = true;
	FOREACH_ELEMENT(node, c)
	{
		zend_result r = SUCCESS;
		if (is(c, "request") && !request) {
			request = c;
			r = load_request(l, c, dir, push);
		} else if (is(c, "response") && !response) {
			response = c;
			r = push ? load_push_response(l, c, dir) : load_pull_response(l, c, dir);
		} else if (is(c, "appendfields") && !push) {
			r = load_appendfields(l, c, dir);
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	if (!request) {
		return fail(l, node, "<%s> needs a <request>", node->name);
	}
	if (!response) {
		return fail(l, node, "<%s> needs a <response>", node->name);
	}
	return SUCCESS;
}

/* ---- top-level sections ------------------------------------------------------------ */

static zend_result load_synctype(loader *l, node_t node)
{
	zend_string *value = text_of(node, true);

	l->model->synctype = value;
	if (zend_string_equals_literal(value, "user")) {
		l->model->sync_type = "user";
		return SUCCESS;
	}
	if (zend_string_equals_literal(value, "userandgroup")) {
		l->model->sync_type = "userandgroup";
	} else if (zend_string_equals_literal(value, "app")) {
		l->model->sync_type = "application";
	} else {
		return fail(l, node, "synctype must be user, userandgroup or app, not \"%s\"",
			ZSTR_VAL(value));
	}
	/* Vtiger 8.0 registers sync with modifiedTime and elementType only: a syncType sent
	 * over HTTP is dropped and the server syncs the logged-in user's records. */
	if (l->result->strict) {
		return fail(l, node,
			"synctype \"%s\" cannot be honoured: Vtiger's webservice sync is per user",
			ZSTR_VAL(value));
	}
	warn(l, node,
		"synctype \"%s\" cannot be honoured over Vtiger's webservice, whose sync is per user; "
		"only the sync user's own records are pushed",
		ZSTR_VAL(value));
	return SUCCESS;
}

static const char *const field_types[] = {"text", "password", "date", "datetime", "reference",
	"integer", "url", "email", "phone", "picklist", "boolean", NULL};

static zend_result load_config(loader *l, node_t node)
{
	node_t fields = first_child(node, "fields");
	uint32_t i = 0;

	FOREACH_ELEMENT(node, c)
	{
		if (!is(c, "fields") && unknown_element(l, c, node) == FAILURE) {
			return FAILURE;
		}
	}
	if (!fields) {
		return SUCCESS;
	}
	l->model->config_count = element_count(fields, "field");
	l->model->config = ecalloc(MAX(l->model->config_count, 1), sizeof(sync_config_field));
	FOREACH_ELEMENT(fields, c)
	{
		sync_config_field *f;
		bool known_type = false;
		if (!is(c, "field")) {
			if (unknown_element(l, c, fields) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		f = &l->model->config[i++];
		if (check_attributes(l, c,
				ATTRS("name", "type", "label", "required", "presync", "value", "module")) ==
			FAILURE) {
			return FAILURE;
		}
		f->name = required_attr(l, c, "name");
		if (!f->name) {
			return FAILURE;
		}
		f->type = required_attr(l, c, "type");
		if (!f->type) {
			return FAILURE;
		}
		for (const char *const *t = field_types; *t; t++) {
			if (zend_string_equals_cstr(f->type, *t, strlen(*t))) {
				known_type = true;
			}
		}
		if (!known_type) {
			return fail(l, c, "config field \"%s\" has an unknown type \"%s\"", ZSTR_VAL(f->name),
				ZSTR_VAL(f->type));
		}
		f->required = attr_is_true(c, "required");
		f->presync = attr_is_true(c, "presync");
		f->default_value = attr(c, "value");
	}
	return SUCCESS;
}

static zend_result load_modules(loader *l, node_t node)
{
	sync_model *model = l->model;
	uint32_t i = 0;

	model->pair_count = element_count(node, "module");
	model->pairs = ecalloc(MAX(model->pair_count, 1), sizeof(sync_pair));
	FOREACH_ELEMENT(node, c)
	{
		sync_pair *pair;
		if (!is(c, "module")) {
			if (unknown_element(l, c, node) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		pair = &model->pairs[i];
		if (check_attributes(l, c, ATTRS("servicemodule", "vtigermodule", "dependenton")) ==
			FAILURE) {
			return FAILURE;
		}
		pair->servicemodule = required_attr(l, c, "servicemodule");
		if (!pair->servicemodule) {
			return FAILURE;
		}
		pair->vtigermodule = required_attr(l, c, "vtigermodule");
		if (!pair->vtigermodule) {
			return FAILURE;
		}
		for (uint32_t k = 0; k < i; k++) {
			if (zend_string_equals(model->pairs[k].vtigermodule, pair->vtigermodule)) {
				return fail(l, c, "module \"%s\" is paired twice", ZSTR_VAL(pair->vtigermodule));
			}
		}
		i++;
	}
	/* Dependencies may name pairs defined further down, so they are resolved afterwards. */
	i = 0;
	FOREACH_ELEMENT(node, c)
	{
		zend_string *deps;
		const char *p, *end;
		if (!is(c, "module")) {
			continue;
		}
		deps = attr(c, "dependenton");
		if (!deps) {
			i++;
			continue;
		}
		model->pairs[i].deps = ecalloc(ZSTR_LEN(deps) / 2 + 1, sizeof(uint32_t));
		p = ZSTR_VAL(deps);
		end = p + ZSTR_LEN(deps);
		while (p < end) {
			const char *comma = memchr(p, ',', end - p);
			const char *stop = comma ? comma : end;
			while (p < stop && isspace((unsigned char) *p)) {
				p++;
			}
			while (stop > p && isspace((unsigned char) stop[-1])) {
				stop--;
			}
			if (stop > p) {
				int dep = sync_model_find_pair(model, p, stop - p);
				if (dep < 0) {
					fail(l, c, "dependenton names \"%.*s\", which is not a paired vtigermodule",
						(int) (stop - p), p);
					zend_string_release(deps);
					return FAILURE;
				}
				model->pairs[i].deps[model->pairs[i].dep_count++] = (uint32_t) dep;
			}
			p = comma ? comma + 1 : end;
		}
		zend_string_release(deps);
		i++;
	}
	return SUCCESS;
}

/* Depth-first ordering: dependencies before dependants, otherwise document order.
 * state: 0 unvisited, 1 on the current path, 2 placed. */
static zend_result order_pair(loader *l, node_t modules, uint32_t index, char *state,
	uint32_t *placed)
{
	sync_model *model = l->model;
	sync_pair *pair = &model->pairs[index];

	if (state[index] == 2) {
		return SUCCESS;
	}
	if (state[index] == 1) {
		return fail(l, modules, "dependenton cycle through \"%s\"", ZSTR_VAL(pair->vtigermodule));
	}
	state[index] = 1;
	for (uint32_t d = 0; d < pair->dep_count; d++) {
		if (order_pair(l, modules, pair->deps[d], state, placed) == FAILURE) {
			return FAILURE;
		}
	}
	state[index] = 2;
	model->order[(*placed)++] = index;
	return SUCCESS;
}

static zend_result order_pairs(loader *l, node_t modules)
{
	sync_model *model = l->model;
	char *state = ecalloc(MAX(model->pair_count, 1), 1);
	uint32_t placed = 0;
	zend_result r = SUCCESS;

	model->order = ecalloc(MAX(model->pair_count, 1), sizeof(uint32_t));
	for (uint32_t i = 0; i < model->pair_count && r == SUCCESS; i++) {
		r = order_pair(l, modules, i, state, &placed);
	}
	efree(state);
	return r;
}

static zend_result load_fields(loader *l, node_t node, sync_field **out, uint32_t *count)
{
	uint32_t i = 0;

	*count = element_count(node, "field");
	*out = ecalloc(MAX(*count, 1), sizeof(sync_field));
	FOREACH_ELEMENT(node, c)
	{
		sync_field *f;
		zend_string *format;
		char *error;
		if (!is(c, "field")) {
			if (!is(c, "lineitems") && unknown_element(l, c, node) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		f = &(*out)[i++];
		if (check_attributes(l, c, ATTRS("vtigerfield", "servicefield", "serviceformat")) ==
			FAILURE) {
			return FAILURE;
		}
		f->vtigerfield = required_attr(l, c, "vtigerfield");
		if (!f->vtigerfield) {
			return FAILURE;
		}
		f->servicefield = required_attr(l, c, "servicefield");
		if (!f->servicefield) {
			return FAILURE;
		}
		format = attr(c, "serviceformat");
		if (sync_formats_compile(&f->serviceformat, format ? ZSTR_VAL(format) : "", &error) ==
			FAILURE) {
			fail(l, c, "serviceformat: %s", error);
			efree(error);
			if (format) {
				zend_string_release(format);
			}
			return FAILURE;
		}
		if (format) {
			zend_string_release(format);
		}
	}
	return SUCCESS;
}

static zend_result load_fieldmapping(loader *l, node_t node)
{
	sync_model *model = l->model;
	uint32_t i = 0;

	model->mapping_count = element_count(node, NULL);
	model->mappings = ecalloc(MAX(model->mapping_count, 1), sizeof(sync_mapping));
	FOREACH_ELEMENT(node, c)
	{
		sync_mapping *m = &model->mappings[i++];
		node_t lineitems = first_child(c, "lineitems");
		int pair = sync_model_find_pair(model, (const char *) c->name,
			strlen((const char *) c->name));
		m->module = zend_string_init((const char *) c->name, strlen((const char *) c->name), 0);
		if (pair < 0) {
			warn(l, c, "field mapping for \"%s\", which no <module> pairs", c->name);
		} else if (model->pairs[pair].mapping) {
			return fail(l, c, "field mapping for \"%s\" given twice", c->name);
		} else {
			model->pairs[pair].mapping = m;
		}
		if (load_fields(l, c, &m->fields, &m->field_count) == FAILURE) {
			return FAILURE;
		}
		if (lineitems) {
			m->has_lineitems = true;
			if (check_attributes(l, lineitems, ATTRS("vtigerfield", "servicefield")) == FAILURE) {
				return FAILURE;
			}
			m->lineitems_vtiger = required_attr(l, lineitems, "vtigerfield");
			if (!m->lineitems_vtiger) {
				return FAILURE;
			}
			m->lineitems_service = required_attr(l, lineitems, "servicefield");
			if (!m->lineitems_service ||
				load_fields(l, lineitems, &m->line_fields, &m->line_field_count) == FAILURE) {
				return FAILURE;
			}
		}
	}
	return SUCCESS;
}

static zend_result load_auth(loader *l, node_t node)
{
	sync_model *model = l->model;

	FOREACH_ELEMENT(node, c)
	{
		zend_string *a = NULL, *b = NULL;
		zend_result r = SUCCESS;
		if (model->auth != SYNC_AUTH_NONE) {
			return fail(l, c, "<auth> holds more than one method");
		}
		if (is(c, "basic")) {
			model->auth = SYNC_AUTH_BASIC;
			a = attr(c, "username");
			b = attr(c, "password");
			r = check_attributes(l, c, ATTRS("username", "password"));
		} else if (is(c, "apikey")) {
			model->auth = SYNC_AUTH_APIKEY;
			a = attr(c, "token");
			r = check_attributes(l, c, ATTRS("token"));
		} else if (is(c, "oauth")) {
			model->auth = SYNC_AUTH_OAUTH;
			r = check_attributes(l, c, ATTRS("type", "service", "module"));
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == SUCCESS) {
			r = compile(l, c, &model->auth_a, a, NULL, SYNC_CTX_SERVICE);
		}
		if (r == SUCCESS) {
			r = compile(l, c, &model->auth_b, b, NULL, SYNC_CTX_SERVICE);
		}
		if (a) {
			zend_string_release(a);
		}
		if (b) {
			zend_string_release(b);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	return SUCCESS;
}

static zend_result load_service(loader *l, node_t node)
{
	FOREACH_ELEMENT(node, c)
	{
		zend_result r;
		if (is(c, "url")) {
			r = l->model->service_url ? fail(l, c, "<url> given twice")
									  : load_url(l, c, &l->model->service_url, SYNC_CTX_SERVICE);
		} else if (is(c, "auth")) {
			r = load_auth(l, c);
		} else {
			r = unknown_element(l, c, node);
		}
		if (r == FAILURE) {
			return FAILURE;
		}
	}
	if (!l->model->service_url) {
		return fail(l, node, "<service> needs a <url>");
	}
	return SUCCESS;
}

/* ---- checks that need the caller's config values ------------------------------------ */

static zend_string *config_value(loader *l, const sync_config_field *f)
{
	zval *given = l->result->config ? zend_hash_find(l->result->config, f->name) : NULL;

	if (given && Z_TYPE_P(given) != IS_NULL) {
		return zval_get_string(given);
	}
	return f->default_value ? zend_string_copy(f->default_value) : ZSTR_EMPTY_ALLOC();
}

static zend_result check_config(loader *l, node_t config)
{
	for (uint32_t i = 0; i < l->model->config_count; i++) {
		const sync_config_field *f = &l->model->config[i];
		zend_string *value;
		bool empty;
		if (!f->required && !f->presync) {
			continue;
		}
		value = config_value(l, f);
		empty = ZSTR_LEN(value) == 0;
		zend_string_release(value);
		if (empty) {
			return fail(l, config, "config field \"%s\" is %s but has no value", ZSTR_VAL(f->name),
				f->presync ? "a pre-sync setting" : "required");
		}
	}
	return SUCCESS;
}

/* A key/IV/algorithm set made only of literals and config values is checked now. */
static zend_result check_cipher(loader *l, node_t node, const sync_expr *algo, const sync_expr *key,
	const sync_expr *iv, HashTable *values)
{
	const sync_expr *parts[3] = {algo, key, iv};
	zend_string *text[3] = {NULL, NULL, NULL};
	sync_eval_ctx ctx = {0};
	char *error;

	for (int i = 0; i < 3; i++) {
		if (parts[i] && !sync_expr_is_static(parts[i])) {
			return SUCCESS;
		}
	}
	ctx.config = values;
	for (int i = 0; i < 3; i++) {
		if (parts[i]) {
			zval v;
			sync_expr_eval(parts[i], &ctx, &v);
			text[i] = zval_get_string(&v);
			zval_ptr_dtor(&v);
		}
	}
	error = sync_crypto_check(text[0], text[1], text[2]);
	for (int i = 0; i < 3; i++) {
		if (text[i]) {
			zend_string_release(text[i]);
		}
	}
	if (error) {
		fail(l, node, "%s", error);
		efree(error);
		return FAILURE;
	}
	return SUCCESS;
}

static HashTable *effective_config(loader *l)
{
	HashTable *values = zend_new_array(l->model->config_count);

	for (uint32_t i = 0; i < l->model->config_count; i++) {
		zval v;
		ZVAL_STR(&v, config_value(l, &l->model->config[i]));
		zend_hash_update(values, l->model->config[i].name, &v);
	}
	return values;
}

static zend_result check_ciphers(loader *l, node_t pull, node_t push)
{
	HashTable *values = effective_config(l);
	zend_result r = SUCCESS;
	sync_request *request = &l->model->push.request;

	if (pull && l->model->pull.decrypt) {
		r = check_cipher(l, pull, l->model->pull.algo, l->model->pull.key, l->model->pull.iv,
			values);
	}
	if (r == SUCCESS && push && request->encrypt) {
		const sync_params *all[SYNC_MODE_COUNT + 1] = {request->shared.params};
		for (int m = 0; m < SYNC_MODE_COUNT; m++) {
			all[m + 1] = request->modes[m].params;
		}
		for (int i = 0; i <= SYNC_MODE_COUNT && r == SUCCESS; i++) {
			if (all[i]) {
				r = check_cipher(l, push, all[i]->algo, all[i]->key, all[i]->iv, values);
			}
		}
	}
	zend_array_destroy(values);
	return r;
}

/* ---- document ---------------------------------------------------------------------- */

static const char *const sections[] = {"synctype", "config", "modules", "fieldmapping", "service",
	"pull", "push", NULL};

static zend_result load_root(loader *l, node_t root)
{
	node_t found[7] = {NULL};
	zend_result r = SUCCESS;

	FOREACH_ELEMENT(root, c)
	{
		int index = -1;
		for (int i = 0; sections[i]; i++) {
			if (is(c, sections[i])) {
				index = i;
			}
		}
		if (index < 0) {
			if (unknown_element(l, c, root) == FAILURE) {
				return FAILURE;
			}
			continue;
		}
		if (found[index]) {
			return fail(l, c, "<%s> given twice", c->name);
		}
		found[index] = c;
	}
	if (!found[0]) {
		return fail(l, root, "the definition needs a <synctype>");
	}
	if (!found[2]) {
		return fail(l, root, "the definition needs <modules>");
	}
	if (!found[4]) {
		return fail(l, root, "the definition needs a <service>");
	}
	/* Fixed order: requests refer to pairs, pairs to nothing. */
	if (load_synctype(l, found[0]) == FAILURE ||
		(found[1] && load_config(l, found[1]) == FAILURE) || load_modules(l, found[2]) == FAILURE ||
		order_pairs(l, found[2]) == FAILURE ||
		(found[3] && load_fieldmapping(l, found[3]) == FAILURE) ||
		load_service(l, found[4]) == FAILURE ||
		(found[5] && load_direction(l, found[5], &l->model->pull, false) == FAILURE) ||
		(found[6] && load_direction(l, found[6], &l->model->push, true) == FAILURE)) {
		return FAILURE;
	}
	if (!found[5] && !found[6]) {
		return fail(l, root, "the definition needs <pull> or <push>");
	}
	if (found[1]) {
		r = check_config(l, found[1]);
	}
	if (r == SUCCESS) {
		r = check_ciphers(l, found[5], found[6]);
	}
	return r;
}

void sync_load_result_init(sync_load_result *result)
{
	memset(result, 0, sizeof(*result));
	array_init(&result->warnings);
}

void sync_load_result_dtor(sync_load_result *result)
{
	if (result->error) {
		efree(result->error);
	}
	zval_ptr_dtor(&result->warnings);
	memset(result, 0, sizeof(*result));
}

static zend_result parse_error(loader *l, xmlParserCtxtPtr ctxt)
{
	const xmlError *e = xmlCtxtGetLastError(ctxt);
	char message[256];
	size_t len;

	snprintf(message, sizeof(message), "%s", e && e->message ? e->message : "unknown error");
	len = strlen(message);
	while (len > 0 && (message[len - 1] == '\n' || message[len - 1] == ' ')) {
		message[--len] = '\0';
	}
	spprintf(&l->result->error, 0, "the definition is not well-formed XML: %s", message);
	l->result->error_line = e ? e->line : 0;
	return FAILURE;
}

zend_result sync_load(sync_model *model, const char *xml, size_t len, sync_load_result *result)
{
	loader l = {model, result};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	node_t root;
	zend_result r;

	memset(model, 0, sizeof(*model));
	if (len > INT_MAX) {
		spprintf(&result->error, 0, "the definition is too large");
		return FAILURE;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		spprintf(&result->error, 0, "libxml2 could not allocate a parser");
		return FAILURE;
	}
	doc = xmlCtxtReadMemory(ctxt, xml, (int) len, result->source, NULL,
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!doc) {
		r = parse_error(&l, ctxt);
		xmlFreeParserCtxt(ctxt);
		return r;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset || doc->extSubset) {
		r = fail(&l, root, "a document type declaration is not allowed in a definition");
	} else if (!root) {
		r = fail(&l, NULL, "the definition has no root element");
	} else {
		r = load_root(&l, root);
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	if (r == FAILURE) {
		sync_model_free(model);
	}
	return r;
}
