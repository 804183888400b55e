<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Module metadata: the webservice entity ids and the describe data recorded from
 * a real Vtiger 8.0 (tests/server/data/module-*.json).
 */
final class Metadata
{
    /** vtiger_ws_entity as on a fresh 8.0 install (id => [name, isEntity]). */
    public const ENTITIES = [
        1 => 'Vendors', 2 => 'PriceBooks', 3 => 'Faq', 4 => 'Quotes', 5 => 'PurchaseOrder', 6 => 'SalesOrder',
        7 => 'Invoice', 8 => 'Campaigns', 9 => 'Calendar', 10 => 'Leads', 11 => 'Accounts', 12 => 'Contacts',
        13 => 'Potentials', 14 => 'Products', 15 => 'Documents', 16 => 'Emails', 17 => 'HelpDesk', 18 => 'Events',
        19 => 'Users', 20 => 'Groups', 21 => 'Currency', 22 => 'DocumentFolders', 23 => 'CompanyDetails',
        24 => 'PBXManager', 25 => 'ServiceContracts', 26 => 'Services', 27 => 'ProjectMilestone',
        28 => 'ProjectTask', 29 => 'Project', 30 => 'ModComments', 31 => 'SMSNotifier', 32 => 'Assets',
        33 => 'LineItem', 34 => 'Tax', 35 => 'ProductTaxes',
    ];

    /** Auto-number fields (field, prefix) of the modules the server stores. */
    private const AUTONUMBER = [
        'Contacts' => ['contact_no', 'CON'], 'Accounts' => ['account_no', 'ACC'], 'Leads' => ['lead_no', 'LEA'],
        'Potentials' => ['potential_no', 'POT'], 'HelpDesk' => ['ticket_no', 'TT'], 'Products' => ['product_no', 'PRO'],
        'Invoice' => ['invoice_no', 'INV'], 'Documents' => ['note_no', 'DOC'],
    ];

    /** Modules that carry a field of a type, for listtypes' fieldTypeList, beyond the described ones. */
    private const UNDESCRIBED_FIELD_TYPES = ['Vendors' => ['email', 'phone', 'url', 'picklist', 'text', 'owner']];

    /** @var array<string, array{describe: array, shape: array}> */
    private static array $modules = [];
    private static ?array $listtypes = null;
    private static ?array $relations = null;

    public function __construct(private readonly string $dataDir)
    {
    }

    public function entityId(string $module): ?int
    {
        $id = array_search($module, self::ENTITIES, true);
        return $id === false ? null : $id;
    }

    public function entityName(int $id): ?string
    {
        return self::ENTITIES[$id] ?? null;
    }

    public function isKnownType(string $module): bool
    {
        return in_array($module, $this->listtypes()['types'], true);
    }

    public function hasModule(string $module): bool
    {
        return $this->module($module) !== null;
    }

    public function describe(string $module): ?array
    {
        return $this->module($module)['describe'] ?? null;
    }

    /** @return array<string, array> field name => describe field entry */
    public function fields(string $module): array
    {
        $fields = [];
        foreach ($this->describe($module)['fields'] ?? [] as $field) {
            $fields[$field['name']] = $field;
        }
        return $fields;
    }

    public function fieldType(string $module, string $field): ?string
    {
        return $this->fields($module)[$field]['type']['name'] ?? null;
    }

    /** @return list<string> */
    public function mandatoryFields(string $module): array
    {
        $names = [];
        foreach ($this->fields($module) as $name => $field) {
            if ($field['mandatory'] === true && $name !== 'id') {
                $names[] = $name;
            }
        }
        return $names;
    }

    /** @return array<string, list<string>> reference field => modules it may point to */
    public function referenceFields(string $module): array
    {
        $refs = [];
        foreach ($this->fields($module) as $name => $field) {
            if ($field['type']['name'] === 'reference') {
                $refs[$name] = $field['type']['refersTo'];
            } elseif ($field['type']['name'] === 'owner') {
                $refs[$name] = ['Users', 'Groups'];
            }
        }
        return $refs;
    }

    /** @return list<string> */
    public function uniqueFields(string $module): array
    {
        $describe = $this->describe($module);
        if ($describe === null || ($describe['allowDuplicates'] ?? true) === true) {
            return [];
        }
        $names = [];
        foreach ($describe['fields'] as $field) {
            if (($field['isunique'] ?? false) === true) {
                $names[] = $field['name'];
            }
        }
        return $names;
    }

    /** @return list<string> record keys in the order a real retrieve answers them */
    public function recordKeys(string $module): array
    {
        $keys = $this->module($module)['shape']['recordKeys'] ?? [];
        // Users records carry "userlabel" and no "label" (retrieve-user.json).
        return in_array('label', $keys, true) || $module === 'Users' ? $keys : [...$keys, 'label'];
    }

    public function defaults(string $module): array
    {
        return $this->module($module)['shape']['defaults'] ?? [];
    }

    public function decimals(string $module): array
    {
        return $this->module($module)['shape']['decimals'] ?? [];
    }

    /** @return array{0: string, 1: string}|null */
    public function autonumber(string $module): ?array
    {
        return self::AUTONUMBER[$module] ?? null;
    }

    /** @return list<string> field names that make up the record label */
    public function labelFields(string $module): array
    {
        $declared = explode(',', (string) ($this->describe($module)['labelFields'] ?? ''));
        $fields = $this->fields($module);
        $resolved = [];
        foreach ($declared as $name) {
            // Vtiger names the column ("title"), the webservice field differs for some modules.
            if (!isset($fields[$name])) {
                $name = ['HelpDesk' => 'ticket_title', 'Documents' => 'notes_title'][$module] ?? $name;
            }
            $resolved[] = $name;
        }
        return $resolved;
    }

    public function listtypes(): array
    {
        return self::$listtypes ??= json_decode((string) file_get_contents($this->dataDir . '/listtypes.json'), true);
    }

    /** @return list<string> field type names a module carries (for fieldTypeList) */
    public function fieldTypesOf(string $module): array
    {
        if (isset(self::UNDESCRIBED_FIELD_TYPES[$module])) {
            return self::UNDESCRIBED_FIELD_TYPES[$module];
        }
        return array_values(array_unique(array_map(
            static fn (array $field): string => $field['type']['name'],
            $this->describe($module)['fields'] ?? []
        )));
    }

    /**
     * The type ("1:N" or "N:N") of the first relation from $module to $relatedModule, as
     * Vtiger_Relation_Model::getInstance() picks it (by label when one is given); null when
     * the modules are not related. Recorded from a Vtiger 8.0 vtiger_relatedlists table.
     */
    public function relationType(string $module, string $relatedModule, string $label = ''): ?string
    {
        self::$relations ??= json_decode((string) file_get_contents($this->dataDir . '/relations.json'), true);
        foreach (self::$relations[$module] ?? [] as $relation) {
            if ($relation['module'] === $relatedModule && ($label === '' || $relation['label'] === $label)) {
                return $relation['type'];
            }
        }
        return null;
    }

    public function relatedTypes(string $module): ?array
    {
        $file = $this->dataDir . '/relatedtypes-' . basename($module) . '.json';
        return is_file($file) ? json_decode((string) file_get_contents($file), true) : null;
    }

    private function module(string $module): ?array
    {
        if ($module === '' || preg_match('/^[A-Za-z]+$/', $module) !== 1) {
            return null;
        }
        if (!array_key_exists($module, self::$modules)) {
            $file = $this->dataDir . '/module-' . $module . '.json';
            self::$modules[$module] = is_file($file) ? json_decode((string) file_get_contents($file), true) : null;
        }
        return self::$modules[$module];
    }
}
