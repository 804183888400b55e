<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * getOpenApi / getAllOpenApi: the OpenAPI 3 document of the Record API of one or all
 * definitions, laid out like the documents the service generates (paths with the
 * definition name spelled out, schemas {Name}, {Name}_Filter, {Name}_Order,
 * {Name}_QueryRequest/Response, {Name}_CountRequest/Response).
 */
final class OpenApiDocument
{
    private const ERRORS = [400 => 'Bad Request', 401 => 'Unauthorized', 403 => 'Forbidden', 429 => 'Too Many Requests'];

    /** @param list<Definition> $definitions */
    public static function build(array $definitions, string $title, string $version): array
    {
        $paths = [];
        $schemas = [];
        $needsAuthenticate = false;
        foreach ($definitions as $definition) {
            $paths += self::paths($definition);
            $schemas += self::schemas($definition);
            $needsAuthenticate = $needsAuthenticate || self::hasPasswordHash($definition);
        }
        $schemas['ErrorResponse'] = ['type' => 'object', 'properties' => [
            'timestamp' => ['type' => 'string'], 'status' => ['type' => 'integer'], 'error' => ['type' => 'string'],
            'message' => ['type' => 'string'], 'path' => ['type' => 'string'],
        ]];
        if ($needsAuthenticate) {
            $schemas['AuthenticateRequest'] = ['type' => 'object', 'required' => ['propertyName', 'value'], 'properties' => [
                'propertyName' => ['type' => 'string'], 'value' => ['type' => 'string']]];
            $schemas['AuthenticateResponse'] = ['type' => 'object', 'required' => ['result'], 'properties' => [
                'result' => ['type' => 'string', 'enum' => ['authenticated', 'unauthenticated', 'emptyPassword']]]];
        }
        return [
            'openapi' => '3.0.1',
            'info' => ['title' => $title, 'description' => $title, 'version' => $version],
            'servers' => [['url' => Tokens::AUDIENCE]],
            'security' => [['oauth' => ['db:record:execute']], ['bearer' => []]],
            'paths' => $paths === [] ? new \stdClass() : $paths,
            'components' => [
                'parameters' => ['accountCode' => ['name' => 'accountCode', 'in' => 'path', 'required' => true,
                    'schema' => ['type' => 'string']]],
                'schemas' => $schemas,
                'securitySchemes' => [
                    'oauth' => ['type' => 'oauth2', 'flows' => ['clientCredentials' => [
                        'tokenUrl' => 'https://auth.paas.crmstyle.com/oauth2/token',
                        'scopes' => ['db:record:execute' => 'Record API', 'db:record:read' => 'Record API (read only)'],
                    ]]],
                    'bearer' => ['type' => 'http', 'scheme' => 'bearer'],
                ],
            ],
        ];
    }

    private static function paths(Definition $definition): array
    {
        $name = $definition->className();
        $prefix = '/apis/record.database/v1/accounts/{accountCode}/' . $definition->name;
        $account = ['$ref' => '#/components/parameters/accountCode'];
        $id = ['name' => 'id', 'in' => 'path', 'required' => true, 'schema' => ['type' => 'string']];
        $paths = [
            "$prefix/records" => ['post' => self::operation("create$name", [$account], $name, $name, [409 => 'Conflict'])],
            "$prefix/query" => ['post' => self::operation("query$name", [$account], "{$name}_QueryRequest", "{$name}_QueryResponse")],
            "$prefix/count" => ['post' => self::operation("count$name", [$account], "{$name}_CountRequest", "{$name}_CountResponse")],
            "$prefix/records/{id}" => [
                'get' => self::operation("get$name", [$account, $id], null, $name, [404 => 'Not Found']),
                'patch' => self::operation("patch$name", [$account, $id, ['name' => 'fields', 'in' => 'query', 'required' => false,
                    'schema' => ['type' => 'string']]], $name, $name, [404 => 'Not Found', 409 => 'Conflict']),
                'delete' => self::operation("delete$name", [$account, $id], null, null, [404 => 'Not Found']),
            ],
        ];
        if (self::hasPasswordHash($definition)) {
            $paths["$prefix/records/{id}/authenticate"] = ['post' => self::operation("authenticate$name", [$account, $id],
                'AuthenticateRequest', 'AuthenticateResponse', [404 => 'Not Found'])];
        }
        return $paths;
    }

    private static function operation(string $id, array $parameters, ?string $request, ?string $response, array $extra = []): array
    {
        $operation = ['tags' => [ucfirst(preg_replace('/^(create|query|count|get|patch|delete|authenticate)/', '', $id))],
            'operationId' => $id, 'parameters' => $parameters];
        if ($request !== null) {
            $operation['requestBody'] = ['required' => true, 'content' => ['application/json' => ['schema' => self::ref($request)]]];
        }
        $responses = $response === null ? ['204' => ['description' => 'No Content']]
            : ['200' => ['description' => 'OK', 'content' => ['application/json' => ['schema' => self::ref($response)]]]];
        $errors = self::ERRORS + $extra;
        ksort($errors);
        foreach ($errors as $status => $reason) {
            $responses[(string) $status] = ['description' => $reason,
                'content' => ['application/json' => ['schema' => self::ref('ErrorResponse')]]];
        }
        $operation['responses'] = $responses;
        return $operation;
    }

    private static function schemas(Definition $definition): array
    {
        $name = $definition->className();
        $record = [];
        $filter = [];
        $orders = [];
        foreach ($definition->properties as $key => $property) {
            $record[$key] = self::valueSchema($definition, $property);
            foreach (Types::operators($property['type']) as $operator) {
                $filter["{$key}_$operator"] = self::operandSchema($property, $operator);
            }
            if (Types::orderable($property['type'])) {
                array_push($orders, "{$key}_asc", "{$key}_desc");
            }
        }
        $filter['AND'] = ['type' => 'array', 'maxItems' => Filter::MAX_ITEMS, 'items' => self::ref("{$name}_Filter")];
        $filter['OR'] = $filter['AND'];
        return [
            $name => ['type' => 'object', 'properties' => $record],
            "{$name}_Filter" => ['type' => 'object', 'nullable' => true, 'maxProperties' => Filter::MAX_KEYS,
                'additionalProperties' => false, 'properties' => $filter],
            "{$name}_Order" => ['type' => 'array', 'nullable' => true, 'maxItems' => 2,
                'items' => ['type' => 'string', 'enum' => $orders]],
            "{$name}_QueryRequest" => ['type' => 'object', 'additionalProperties' => false, 'properties' => [
                'filter' => self::ref("{$name}_Filter"),
                'order' => self::ref("{$name}_Order"),
                'limit' => ['type' => 'integer', 'format' => 'int32', 'minimum' => 1, 'maximum' => 100, 'default' => 100],
                'offset' => ['type' => 'integer', 'format' => 'int32', 'minimum' => 0, 'default' => 0],
            ]],
            "{$name}_QueryResponse" => ['type' => 'object', 'properties' => [
                'metadata' => ['type' => 'object', 'properties' => ['hasMore' => ['type' => 'boolean']]],
                'items' => ['type' => 'array', 'items' => self::ref($name)],
            ]],
            "{$name}_CountRequest" => ['type' => 'object', 'additionalProperties' => false,
                'properties' => ['filter' => self::ref("{$name}_Filter")]],
            "{$name}_CountResponse" => ['type' => 'object', 'properties' => ['count' => ['type' => 'integer', 'format' => 'int32']]],
        ];
    }

    private static function valueSchema(Definition $definition, array $property): array
    {
        $schema = self::scalarSchema($property['type']);
        if ($property['type'] === 'multipleSelect') {
            $schema = ['type' => 'array', 'items' => self::choiceSchema()];
        } elseif ($property['type'] === 'singleSelect') {
            $schema = self::choiceSchema();
        } elseif ($property['type'] === 'mlRefusalFlags') {
            $schema = ['type' => 'array', 'items' => ['type' => 'integer', 'format' => 'int32']];
        }
        if ($property['nullable']) {
            $schema['nullable'] = true;
        }
        $readOnly = in_array($property['type'], Types::READ_ONLY, true)
            || ($property['type'] === 'synergyId' && $definition->databaseType === 'customerDb');
        if ($readOnly) {
            $schema['readOnly'] = true;
        }
        if ($property['type'] === 'passwordHash') {
            $schema['writeOnly'] = true;
        }
        return $schema;
    }

    private static function scalarSchema(string $type): array
    {
        return match (Types::kind($type)) {
            'int' => ['type' => 'integer', 'format' => 'int64'],
            'number' => ['type' => 'number'],
            'bool' => ['type' => 'boolean'],
            'date' => ['type' => 'string', 'format' => 'date'],
            'monthDay' => ['type' => 'string', 'pattern' => '^--[0-9]{2}-[0-9]{2}$'],
            'dateTime' => ['type' => 'string', 'format' => 'date-time'],
            'single', 'multiple', 'flags' => ['type' => 'integer', 'format' => 'int32', 'minimum' => 1],
            default => Types::format($type) === 'email' ? ['type' => 'string', 'format' => 'email'] : ['type' => 'string'],
        };
    }

    private static function operandSchema(array $property, string $operator): array
    {
        $scalar = self::scalarSchema($property['type']);
        return match ($operator) {
            'isNull', 'isNotNull' => ['type' => 'boolean'],
            'eq', 'notEq' => $property['nullable'] ? $scalar + ['nullable' => true] : $scalar,
            'in', 'notIn', 'containsEvery', 'containsSome' => ['type' => 'array', 'items' => $scalar],
            'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith' => ['type' => 'string'],
            default => $scalar,
        };
    }

    private static function choiceSchema(): array
    {
        return ['type' => 'object', 'required' => ['value'], 'properties' => [
            'value' => ['type' => 'integer', 'format' => 'int32', 'minimum' => 1],
            'extraText' => ['type' => 'string', 'nullable' => true],
        ]];
    }

    private static function hasPasswordHash(Definition $definition): bool
    {
        return in_array('passwordHash', array_column($definition->properties, 'type'), true);
    }

    private static function ref(string $schema): array
    {
        return ['$ref' => '#/components/schemas/' . $schema];
    }
}
