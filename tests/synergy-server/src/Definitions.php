<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** ApiDefinition: validation of putApiDefinition, column binding and creation, storage. */
final class Definitions
{
    private const NAME_PATTERN = '/^[a-z][a-z0-9-]*$/';
    private const KEY_PATTERN = '/^[a-z][a-zA-Z0-9_]*$/';
    private const MAPPING_PATTERN = '/^[_a-z][a-zA-Z0-9_]*$/';
    private const NEW_DATABASE_PATTERN = '/^[a-z][a-z0-9_]*$/';

    /** OpenAPI 3.0 Schema keywords a property may use. */
    private const KEYWORDS = ['title', 'description', 'type', 'format', 'nullable', 'default', 'enum', 'multipleOf',
        'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems',
        'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'required', 'items', 'properties', 'readOnly',
        'writeOnly', 'example', 'deprecated', 'x-synergy-type', 'x-synergy-mapping', 'x-synergy-select-value-definitions'];
    private const FORBIDDEN = ['not', 'allOf', 'oneOf', 'anyOf', 'discriminator', 'externalDocs', 'xml'];

    public function __construct(
        private readonly Store $store,
        private readonly Catalog $catalog,
        private readonly Clock $clock,
        private readonly Config $config,
    ) {
    }

    public function get(string $account, string $name): ?array
    {
        $row = $this->store->row('SELECT document FROM definitions WHERE account = ? AND name = ?', [$account, $name]);
        return $row === null ? null : json_decode($row['document'], true);
    }

    /** @return list<array> */
    public function all(string $account): array
    {
        return array_map(static fn (array $row): array => json_decode($row['document'], true),
            $this->store->rows('SELECT document FROM definitions WHERE account = ? ORDER BY name', [$account]));
    }

    public function resolved(string $account, string $name): ?Definition
    {
        $document = $this->get($account, $name);
        return $document === null ? null : Definition::resolve($document, $this->catalog);
    }

    public function delete(string $account, string $name): bool
    {
        return $this->store->exec('DELETE FROM definitions WHERE account = ? AND name = ?', [$account, $name]) > 0;
    }

    /** putApiDefinition: validates, binds or creates columns, stores and returns the definition. */
    public function put(string $account, string $name, mixed $body): array
    {
        if (preg_match(self::NAME_PATTERN, $name) !== 1 || strlen($name) > 50) {
            throw ApiError::badRequest('API definition name must match ^[a-z][a-z0-9-]*$ and have at most 50 characters');
        }
        $body = self::object($body, 'request body');
        $metadata = self::object($body['metadata'] ?? [], 'metadata');
        $this->checkMetadata($account, $name, $metadata);
        $existing = $this->get($account, $name);
        if (isset($metadata['resourceVersion'])
            && ($existing === null || $existing['metadata']['resourceVersion'] !== $metadata['resourceVersion'])) {
            throw new ApiError(409, 'the definition update conflicts: resourceVersion does not match');
        }
        if ($existing === null && count($this->all($account)) >= $this->config->int('maxDefinitions')) {
            throw ApiError::badRequest('the maximum number of API definitions (' . $this->config->int('maxDefinitions')
                . ') is reached');
        }
        $spec = self::object($body['spec'] ?? null, 'spec');
        $main = self::object(self::object($spec['resources'] ?? null, 'spec.resources')['main'] ?? null, 'spec.resources.main');
        [$database, $type] = $this->database($account, $main);
        $properties = self::object(self::object($spec['schema'] ?? null, 'spec.schema')['properties'] ?? null,
            'spec.schema.properties');
        if ($properties === [] || count($properties) > 100) {
            throw ApiError::badRequest('spec.schema.properties must have between 1 and 100 properties');
        }
        $types = [];
        foreach ($properties as $key => $property) {
            $types[$key] = $this->propertyType((string) $key, $property);
        }
        $this->checkIdProperties($type, $types);
        $stored = [];
        $boundColumns = [];
        foreach ($properties as $key => $property) {
            $stored[$key] = $this->bind($account, $name, $database, (string) $key, $property, $types[$key]);
            $column = $stored[$key]['x-synergy-mapping'];
            if (isset($boundColumns[$column])) {
                throw ApiError::badRequest("properties $boundColumns[$column] and $key are bound to the same column $column");
            }
            $boundColumns[$column] = $key;
        }
        $document = $this->document($account, $name, $database, $type, $stored, $existing);
        $this->store->exec('INSERT INTO definitions (account, name, document) VALUES (?, ?, ?)
            ON CONFLICT(account, name) DO UPDATE SET document = excluded.document',
            [$account, $name, json_encode($document, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION)]);
        return $document;
    }

    private function checkMetadata(string $account, string $name, array $metadata): void
    {
        if (isset($metadata['name']) && $metadata['name'] !== $name) {
            throw ApiError::badRequest('metadata.name must equal the name in the path');
        }
        if (isset($metadata['kind']) && $metadata['kind'] !== 'ApiDefinition') {
            throw ApiError::badRequest('metadata.kind must be ApiDefinition');
        }
        if (isset($metadata['accountCode']) && $metadata['accountCode'] !== $account) {
            throw ApiError::badRequest('metadata.accountCode must equal the account in the path');
        }
        if (isset($metadata['resourceVersion']) && !is_string($metadata['resourceVersion'])) {
            throw ApiError::badRequest('metadata.resourceVersion must be a string');
        }
    }

    /** @return array{string, string} the database name and type, creating a new history database when asked */
    private function database(string $account, array $main): array
    {
        $mapping = $main['mapping'] ?? null;
        $type = $main['type'] ?? null;
        if (!is_string($mapping) || preg_match(self::MAPPING_PATTERN, $mapping) !== 1 || strlen($mapping) > 50) {
            throw ApiError::badRequest('spec.resources.main.mapping must match ^[_a-z][a-zA-Z0-9_]*$ (at most 50 characters)');
        }
        if ($type !== 'customerDb' && $type !== 'historyDb') {
            throw ApiError::badRequest('spec.resources.main.type must be customerDb or historyDb');
        }
        $database = $this->catalog->database($account, $mapping);
        if ($database !== null) {
            if ($database['type'] !== $type) {
                throw ApiError::badRequest("database $mapping is a {$database['type']}, not a $type");
            }
            return [$mapping, $type];
        }
        if ($type !== 'historyDb') {
            throw ApiError::badRequest("database $mapping does not exist; only history databases can be created");
        }
        if (str_starts_with($mapping, '_')) {
            throw ApiError::badRequest('database names starting with an underscore are reserved');
        }
        if (preg_match(self::NEW_DATABASE_PATTERN, $mapping) !== 1) {
            throw ApiError::badRequest('a new database name must consist of lower-case letters, digits and underscores');
        }
        $this->catalog->createDatabase($account, $mapping, 'historyDb', $mapping);
        return [$mapping, $type];
    }

    /** Checks a property's keywords and returns its x-synergy-type. */
    private function propertyType(string $key, mixed $property): string
    {
        if (preg_match(self::KEY_PATTERN, $key) !== 1) {
            throw ApiError::badRequest("property name $key must match [a-z][a-zA-Z0-9_]*");
        }
        $property = self::object($property, "property $key");
        foreach (array_keys($property) as $keyword) {
            if (in_array($keyword, self::FORBIDDEN, true)) {
                throw ApiError::badRequest("property $key: keyword $keyword cannot be used");
            }
            if (!in_array($keyword, self::KEYWORDS, true)) {
                throw ApiError::badRequest("property $key: unknown keyword $keyword");
            }
        }
        $jsonType = self::optionalString($property, 'type', $key);
        $format = self::optionalString($property, 'format', $key);
        $type = self::optionalString($property, 'x-synergy-type', $key) ?? Types::implied($jsonType, $format);
        if ($type === null) {
            throw ApiError::badRequest("property $key: x-synergy-type is required for this type/format");
        }
        if (!Types::exists($type)) {
            throw ApiError::badRequest("property $key: unknown x-synergy-type $type");
        }
        if (!Types::compatible($type, $jsonType, $format)) {
            throw ApiError::badRequest("property $key: type/format do not fit x-synergy-type $type");
        }
        if (isset($property['nullable']) && !is_bool($property['nullable'])) {
            throw ApiError::badRequest("property $key: nullable must be a boolean");
        }
        if (array_key_exists('x-synergy-select-value-definitions', $property) && !Types::isSelect($type)) {
            throw ApiError::badRequest("property $key: x-synergy-select-value-definitions needs a select type");
        }
        return $type;
    }

    /** @param array<string, string> $types */
    private function checkIdProperties(string $databaseType, array $types): void
    {
        if ($databaseType === 'customerDb') {
            if (($types['id'] ?? null) !== 'synergyId') {
                throw ApiError::badRequest('a customerDb definition needs the property id of type synergyId');
            }
            return;
        }
        if (($types['id'] ?? null) !== 'historyId') {
            throw ApiError::badRequest('a historyDb definition needs the property id of type historyId');
        }
        if (!in_array('synergyId', $types, true)) {
            throw ApiError::badRequest('a historyDb definition needs a property of type synergyId');
        }
    }

    /** Binds a property to its column (creating the column if allowed) and returns the stored property schema. */
    private function bind(string $account, string $definition, string $database, string $key, array $property, string $type): array
    {
        $mapping = self::optionalString($property, 'x-synergy-mapping', $key);
        if ($mapping !== null && (preg_match(self::MAPPING_PATTERN, $mapping) !== 1 || strlen($mapping) > 50)) {
            throw ApiError::badRequest("property $key: x-synergy-mapping must match ^[_a-z][a-zA-Z0-9_]*$ (at most 50 characters)");
        }
        $selects = array_key_exists('x-synergy-select-value-definitions', $property)
            ? self::selects($key, $property['x-synergy-select-value-definitions']) : null;
        if (!Types::creatable($type)) {
            $column = $mapping === null ? $this->catalog->systemColumn($account, $database, $type)
                : $this->catalog->column($account, $database, $mapping);
            if ($column === null || $column['type'] !== $type) {
                throw ApiError::badRequest("property $key: database $database has no column of type $type"
                    . ($mapping === null ? '' : " named $mapping"));
            }
            $name = $column['name'];
        } else {
            $name = $mapping ?? str_replace('-', '_', $definition) . '_' . $key;
            if (preg_match(self::MAPPING_PATTERN, $name) !== 1 || strlen($name) > 50) {
                throw ApiError::badRequest("property $key: column name $name is too long or invalid");
            }
            $column = $this->catalog->column($account, $database, $name);
            if ($column === null) {
                if (str_starts_with($name, '_')) {
                    throw ApiError::badRequest("property $key: column $name does not exist (names starting with _ are reserved)");
                }
                $label = is_string($property['title'] ?? null) ? $property['title'] : $name;
                $this->catalog->createColumn($account, $database, $name, $label, $type, $selects ?? []);
            } elseif ($column['type'] !== $type) {
                throw ApiError::badRequest("property $key: column $name has type {$column['type']}, not $type");
            } elseif ($selects !== null) {
                $this->catalog->replaceSelects($account, $database, $name, $selects);
            }
        }
        return $this->storedProperty($property, $type, $name, $account, $database);
    }

    /** The property as getApiDefinition shows it: type, format, nullable and mapping filled in. */
    private function storedProperty(array $property, string $type, string $column, string $account, string $database): array
    {
        $stored = ['x-synergy-type' => $type, 'x-synergy-mapping' => $column];
        if (Types::isSelect($type)) {
            $stored['x-synergy-select-value-definitions'] = json_decode(
                (string) $this->catalog->column($account, $database, $column)['selects'], true) ?? [];
        }
        $stored['type'] = Types::jsonType($type);
        if (Types::format($type) !== null) {
            $stored['format'] = Types::format($type);
        }
        $item = ['type' => 'object', 'properties' => ['extraText' => ['type' => 'string', 'nullable' => true],
            'value' => ['type' => 'integer']], 'required' => ['value']];
        if ($type === 'multipleSelect') {
            $stored['items'] = $item;
        } elseif ($type === 'singleSelect') {
            $stored += ['properties' => $item['properties'], 'required' => $item['required']];
        } elseif ($type === 'mlRefusalFlags') {
            $stored['items'] = ['type' => 'integer'];
        }
        $stored['nullable'] = $property['nullable'] ?? Types::nullableByDefault($type);
        foreach ($property as $keyword => $value) {
            if (!array_key_exists($keyword, $stored) && !in_array($keyword, ['items', 'properties', 'required'], true)) {
                $stored[$keyword] = $value;
            }
        }
        return $stored;
    }

    private function document(string $account, string $name, string $database, string $type, array $properties,
        ?array $existing): array
    {
        $now = $this->clock->isoUtc();
        return [
            'metadata' => [
                'kind' => 'ApiDefinition',
                'name' => $name,
                'apiVersion' => 'database/v1',
                'accountCode' => $account,
                'creationTimestamp' => $existing['metadata']['creationTimestamp'] ?? $now,
                'uid' => $existing['metadata']['uid'] ?? Catalog::uid(),
                'resourceVersion' => $this->store->nextVersion(),
            ],
            'spec' => [
                'resources' => ['main' => ['mapping' => $database, 'type' => $type]],
                'schema' => ['properties' => $properties],
            ],
            'status' => [
                'ready' => ['lastUpdatedTimestamp' => $now, 'status' => true, 'message' => 'api is ready.'],
                'databaseDefinitionSync' => ['lastUpdatedTimestamp' => $now, 'status' => true, 'message' => 'success.'],
            ],
        ];
    }

    /** @return list<array{value:int,label:string,hasExtraText:bool}> */
    private static function selects(string $key, mixed $given): array
    {
        if (!is_array($given) || !array_is_list($given)) {
            throw ApiError::badRequest("property $key: x-synergy-select-value-definitions must be an array");
        }
        $selects = [];
        foreach ($given as $choice) {
            if (!is_array($choice) || !is_int($choice['value'] ?? null) || $choice['value'] < 1
                || !is_string($choice['label'] ?? null) || !is_bool($choice['hasExtraText'] ?? null)
                || count($choice) !== 3) {
                throw ApiError::badRequest("property $key: each choice needs value (integer >= 1), label and hasExtraText");
            }
            if (isset($selects[$choice['value']])) {
                throw ApiError::badRequest("property $key: choice value {$choice['value']} is defined twice");
            }
            $selects[$choice['value']] = ['value' => $choice['value'], 'label' => $choice['label'],
                'hasExtraText' => $choice['hasExtraText']];
        }
        return array_values($selects);
    }

    private static function object(mixed $value, string $what): array
    {
        if (!is_array($value) || ($value !== [] && array_is_list($value))) {
            throw ApiError::badRequest("$what must be a JSON object");
        }
        return $value;
    }

    private static function optionalString(array $property, string $keyword, string $key): ?string
    {
        $value = $property[$keyword] ?? null;
        if ($value !== null && !is_string($value)) {
            throw ApiError::badRequest("property $key: $keyword must be a string");
        }
        return $value;
    }
}
