/*
 * Releasing a connector model. Every array is allocated zeroed with its final count set
 * first, so a model abandoned half-built by a load error frees like a complete one.
 */
#include "sync_model.h"

static void str_release(zend_string *s)
{
	if (s) {
		zend_string_release(s);
	}
}

static void expr_free(sync_expr *expr)
{
	if (expr) {
		sync_expr_dtor(expr);
		efree(expr);
	}
}

void sync_pnode_dtor(sync_pnode *node)
{
	sync_expr_dtor(&node->expr);
	for (uint32_t i = 0; i < node->count; i++) {
		if (node->names) {
			str_release(node->names[i]);
		}
		if (node->children) {
			sync_pnode_dtor(&node->children[i]);
		}
	}
	if (node->names) {
		efree(node->names);
	}
	if (node->children) {
		efree(node->children);
	}
	memset(node, 0, sizeof(*node));
}

void sync_params_free(sync_params *params)
{
	if (!params) {
		return;
	}
	sync_pnode_dtor(&params->root);
	expr_free(params->key);
	expr_free(params->iv);
	expr_free(params->algo);
	efree(params);
}

void sync_url_free(sync_url *url)
{
	if (!url) {
		return;
	}
	str_release(url->text);
	for (uint32_t i = 0; i < url->var_count; i++) {
		str_release(url->var_names[i]);
		sync_expr_dtor(&url->var_values[i]);
	}
	if (url->var_names) {
		efree(url->var_names);
		efree(url->var_values);
	}
	efree(url);
}

static void part_dtor(sync_request_part *part)
{
	sync_url_free(part->url);
	for (uint32_t i = 0; i < part->header_count; i++) {
		str_release(part->headers[i].name);
		sync_expr_dtor(&part->headers[i].value);
	}
	if (part->headers) {
		efree(part->headers);
	}
	sync_params_free(part->params);
}

static void mode_dtor(sync_mode *mode)
{
	str_release(mode->method);
	sync_url_free(mode->url);
	for (uint32_t i = 0; i < mode->property_count; i++) {
		str_release(mode->properties[i].name);
		sync_expr_dtor(&mode->properties[i].value);
	}
	if (mode->properties) {
		efree(mode->properties);
	}
	sync_params_free(mode->params);
}

static void use_dtor(sync_use *use)
{
	str_release(use->path);
}

static void codes_dtor(sync_codes *codes)
{
	if (codes->codes) {
		efree(codes->codes);
	}
}

static void direction_dtor(sync_direction *dir)
{
	sync_request *request = &dir->request;

	str_release(request->method);
	part_dtor(&request->shared);
	for (uint32_t i = 0; i < request->override_count; i++) {
		str_release(request->overrides[i].module);
		part_dtor(&request->overrides[i].part);
	}
	if (request->overrides) {
		efree(request->overrides);
	}
	for (int i = 0; i < SYNC_MODE_COUNT; i++) {
		mode_dtor(&request->modes[i]);
		codes_dtor(&dir->mode_codes[i]);
	}
	codes_dtor(&dir->codes);
	use_dtor(&dir->error);
	use_dtor(&dir->records);
	use_dtor(&dir->recordid);
	use_dtor(&dir->recordmodifiedtime);
	use_dtor(&dir->recorddeleted);
	use_dtor(&dir->createdrecords);
	expr_free(dir->algo);
	expr_free(dir->key);
	expr_free(dir->iv);
	for (uint32_t i = 0; i < dir->append_count; i++) {
		sync_url_free(dir->appends[i].url);
		for (uint32_t k = 0; k < dir->appends[i].key_count; k++) {
			str_release(dir->appends[i].keys[k].name);
			use_dtor(&dir->appends[i].keys[k].use);
		}
		if (dir->appends[i].keys) {
			efree(dir->appends[i].keys);
		}
	}
	if (dir->appends) {
		efree(dir->appends);
	}
}

static void fields_free(sync_field *fields, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		str_release(fields[i].vtigerfield);
		str_release(fields[i].servicefield);
		sync_expr_dtor(&fields[i].serviceformat);
	}
	if (fields) {
		efree(fields);
	}
}

void sync_model_free(sync_model *model)
{
	str_release(model->synctype);
	for (uint32_t i = 0; i < model->config_count; i++) {
		str_release(model->config[i].name);
		str_release(model->config[i].type);
		str_release(model->config[i].default_value);
	}
	if (model->config) {
		efree(model->config);
	}
	for (uint32_t i = 0; i < model->pair_count; i++) {
		str_release(model->pairs[i].vtigermodule);
		str_release(model->pairs[i].servicemodule);
		if (model->pairs[i].deps) {
			efree(model->pairs[i].deps);
		}
	}
	if (model->pairs) {
		efree(model->pairs);
	}
	if (model->order) {
		efree(model->order);
	}
	for (uint32_t i = 0; i < model->mapping_count; i++) {
		sync_mapping *m = &model->mappings[i];
		str_release(m->module);
		str_release(m->lineitems_vtiger);
		str_release(m->lineitems_service);
		fields_free(m->fields, m->field_count);
		fields_free(m->line_fields, m->line_field_count);
	}
	if (model->mappings) {
		efree(model->mappings);
	}
	sync_url_free(model->service_url);
	sync_expr_dtor(&model->auth_a);
	sync_expr_dtor(&model->auth_b);
	direction_dtor(&model->pull);
	direction_dtor(&model->push);
	memset(model, 0, sizeof(*model));
}

int sync_model_find_pair(const sync_model *model, const char *module, size_t len)
{
	for (uint32_t i = 0; i < model->pair_count; i++) {
		if (zend_string_equals_cstr(model->pairs[i].vtigermodule, module, len)) {
			return (int) i;
		}
	}
	return -1;
}
