<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/**
 * A stored API definition resolved against its database: for every property key, the
 * item type, the bound column, nullability and (for select types) the live choice list.
 */
final class Definition
{
    /**
     * @param array<string, array{key:string, type:string, column:string, nullable:bool,
     *     selects:list<array{value:int,label:string,hasExtraText:bool}>|null, unique:bool}> $properties
     */
    public function __construct(
        public readonly string $name,
        public readonly string $database,
        public readonly string $databaseType,
        public readonly array $properties,
        public readonly array $document,
    ) {
    }

    public static function resolve(array $document, Catalog $catalog): self
    {
        $account = $document['metadata']['accountCode'];
        $main = $document['spec']['resources']['main'];
        $properties = [];
        foreach ($document['spec']['schema']['properties'] as $key => $schema) {
            $column = $catalog->column($account, $main['mapping'], $schema['x-synergy-mapping']);
            $properties[$key] = [
                'key' => $key,
                'type' => $schema['x-synergy-type'],
                'column' => $schema['x-synergy-mapping'],
                'nullable' => (bool) $schema['nullable'],
                'selects' => $column === null || $column['selects'] === null ? null : json_decode($column['selects'], true),
                'unique' => $column !== null && (bool) $column['unique_key'],
            ];
        }
        return new self($document['metadata']['name'], $main['mapping'], $main['type'], $properties, $document);
    }

    /** The property holding the record id (synergyId on master databases, historyId on history ones). */
    public function idColumn(): string
    {
        return $this->databaseType === 'customerDb' ? '_synergyId' : '_historyId';
    }

    /** Name used in generated operation ids and schema names: "people" → "People", "my-api" → "MyApi". */
    public function className(): string
    {
        return implode('', array_map('ucfirst', explode('-', $this->name)));
    }
}
