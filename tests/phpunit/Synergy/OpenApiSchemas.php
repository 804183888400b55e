<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

/**
 * Validates JSON against the schemas of an OpenAPI 3.0 document (the vendor's reference,
 * or a document the emulator generated). OpenAPI schemas are turned into JSON Schema
 * draft 4 for JsonSchema\Validator: nullable becomes a null type, component $refs point
 * into "definitions", and every object schema that lists properties but says nothing
 * about others is closed (additionalProperties: false), so that an answer carrying a
 * key the document does not know fails.
 */
final class OpenApiSchemas
{
    /**
     * Known slips of the vendor's document, where its own examples contradict its schemas:
     * DatabaseDefinition examples show "synergySelectValueDefinitions": null for non-select columns.
     */
    private const VENDOR_NULLABLE = ['ColumnDefinitionSpec' => ['synergySelectValueDefinitions']];

    private static ?self $vendor = null;
    private readonly array $definitions;

    public function __construct(private readonly array $document, bool $vendorSlips = false)
    {
        $definitions = [];
        foreach ($document['components']['schemas'] ?? [] as $name => $schema) {
            if ($vendorSlips) {
                foreach (self::VENDOR_NULLABLE[$name] ?? [] as $property) {
                    $schema['properties'][$property]['nullable'] = true;
                }
            }
            $definitions[$name] = self::convert($schema);
        }
        $this->definitions = $definitions;
    }

    /** The vendor's OpenAPI document (API 1.3.0), read from the reference material beside the repository. */
    public static function vendor(): self
    {
        if (self::$vendor === null) {
            if (!function_exists('yaml_parse_file')) {
                throw new \RuntimeException('the yaml extension (php8.2-yaml) is needed; run tools/deps.sh');
            }
            require_once 'JsonSchema/autoload.php';
            $path = self::vendorPath();
            $document = yaml_parse_file($path);
            if (!is_array($document) || ($document['info']['version'] ?? null) !== '1.3.0') {
                throw new \RuntimeException("$path is not the vendor's OpenAPI document 1.3.0");
            }
            self::$vendor = new self($document, true);
        }
        return self::$vendor;
    }

    public static function vendorPath(): string
    {
        $shared = getenv('VTWS_SHARED_DIR');
        $base = is_string($shared) && $shared !== '' ? rtrim($shared, '/') : dirname(__DIR__, 3) . '/../shared';
        return $base . '/specs/synergy/openapi.yaml';
    }

    public function document(): array
    {
        return $this->document;
    }

    /** @return array{string, string, array} method, path template and operation object of an operationId */
    public function operation(string $operationId): array
    {
        foreach ($this->document['paths'] as $path => $item) {
            foreach ($item as $method => $operation) {
                if (is_array($operation) && ($operation['operationId'] ?? null) === $operationId) {
                    return [strtoupper($method), $path, $operation];
                }
            }
        }
        throw new \InvalidArgumentException("no operation $operationId in the document");
    }

    /** @return list<string> every operationId of the document */
    public function operationIds(): array
    {
        $ids = [];
        foreach ($this->document['paths'] as $item) {
            foreach ($item as $operation) {
                if (is_array($operation) && isset($operation['operationId'])) {
                    $ids[] = $operation['operationId'];
                }
            }
        }
        return $ids;
    }

    /** @return list<int> the statuses the document lists for an operation */
    public function statuses(string $operationId): array
    {
        return array_map('intval', array_keys($this->operation($operationId)[2]['responses']));
    }

    /**
     * The JSON schema of an operation's response, or null when the response has no body.
     * Throws when the status is not documented for the operation.
     */
    public function responseSchema(string $operationId, int $status, string $mediaType = 'application/json'): ?object
    {
        $responses = $this->operation($operationId)[2]['responses'];
        $response = $responses[$status] ?? $responses[(string) $status] ?? null;
        if ($response === null) {
            throw new \UnexpectedValueException("status $status is not documented for $operationId");
        }
        if (!isset($response['content'])) {
            return null;
        }
        $schema = $response['content'][$mediaType]['schema'] ?? null;
        if ($schema === null) {
            throw new \UnexpectedValueException("$mediaType is not documented for $operationId $status");
        }
        return $this->schema($schema);
    }

    /** A named component schema as a self-contained JSON schema. */
    public function component(string $name): object
    {
        if (!isset($this->definitions[$name])) {
            throw new \InvalidArgumentException("no component schema $name");
        }
        return $this->schema(['$ref' => '#/components/schemas/' . $name]);
    }

    /** @return list<string> validation errors of $data (decoded with objects) against $schema */
    public static function errors(mixed $data, object $schema): array
    {
        require_once 'JsonSchema/autoload.php';
        $validator = new \JsonSchema\Validator();
        $validator->validate($data, $schema);
        return array_map(static fn (array $e): string => ($e['property'] === '' ? '(root)' : $e['property']) . ': ' . $e['message'],
            $validator->getErrors());
    }

    private function schema(array $schema): object
    {
        $root = self::convert($schema);
        $root['definitions'] = $this->definitions;
        return json_decode(json_encode($root, JSON_THROW_ON_ERROR | JSON_PRESERVE_ZERO_FRACTION));
    }

    /** One OpenAPI schema object as JSON Schema (arrays; "{}" as an empty object). */
    private static function convert(array $schema): array|object
    {
        if ($schema === []) {
            return new \stdClass();
        }
        if (isset($schema['$ref'])) {
            return ['$ref' => str_replace('#/components/schemas/', '#/definitions/', $schema['$ref'])];
        }
        $out = [];
        foreach ($schema as $keyword => $value) {
            $out[$keyword] = match ($keyword) {
                'properties' => array_map([self::class, 'convert'], $value) ?: new \stdClass(),
                'items', 'not' => self::convert($value),
                'additionalProperties' => is_array($value) ? self::convert($value) : $value,
                'allOf', 'anyOf', 'oneOf' => array_map([self::class, 'convert'], $value),
                'default', 'example' => null,
                default => $value,
            };
        }
        unset($out['default'], $out['example'], $out['nullable']);
        if (($schema['nullable'] ?? false) === true) {
            if (isset($out['type'])) {
                $out['type'] = [$out['type'], 'null'];
            }
            if (isset($out['enum'])) {
                $out['enum'][] = null;
            }
        }
        if (isset($schema['properties']) && !array_key_exists('additionalProperties', $schema)) {
            $out['additionalProperties'] = false;
        }
        return $out;
    }
}
