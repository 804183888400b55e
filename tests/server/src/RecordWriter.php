<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * create / update / revise of module records with Vtiger 8.0's validation order and
 * its observed quirks: picklists and e-mails are not validated, characters outside
 * the BMP become "????" (utf8mb3 tables), an update that omits `description`
 * stores it one htmlentities level deeper.
 */
final class RecordWriter
{
    public function __construct(
        private readonly Metadata $meta,
        private readonly RecordStore $store,
        private readonly IdLadder $ids,
        private readonly Clock $clock,
    ) {
    }

    public function create(string $module, array $element, int $userId): array
    {
        $this->checkReferences($module, $element);
        $element = $this->dropEmptyReferences($module, $element);
        $this->requireMandatory($module, $element, $this->meta->mandatoryFields($module));
        $data = $this->initialData($module, $userId);
        $data = array_merge($data, $this->normalise($module, $element));
        $this->rejectDuplicates($module, $data, null);
        $data = $this->derived($module, $data);
        $crmid = $this->store->allocateId();
        $this->store->insert($crmid, $module, $this->ownerOf($data, $userId), $data, $this->clock->now());
        return $this->store->find($crmid);
    }

    /** @return array{0: array, 1: array} [record as answered, record as stored] */
    public function update(array $record, array $element, int $userId): array
    {
        $module = $record['module'];
        $this->checkReferences($module, $element);
        $element = $this->dropEmptyReferences($module, $element);
        $this->requireMandatory($module, $element, $this->meta->mandatoryFields($module));
        $answered = $this->merge($record, $element, $userId);
        $stored = $answered;
        if (!array_key_exists('description', $element) && isset($stored['data']['description'])) {
            $stored['data']['description'] = $this->reEscapedDescription($stored['data']);
        }
        $this->persist($stored, $userId);
        return [$answered, $stored];
    }

    public function revise(array $record, array $element, int $userId): array
    {
        $module = $record['module'];
        $this->checkReferences($module, $element);
        $present = array_values(array_filter(
            $this->meta->mandatoryFields($module),
            static fn (string $name): bool => array_key_exists($name, $element)
        ));
        $this->requireMandatory($module, $element, $present);
        $merged = $this->merge($record, $element, $userId);
        $this->persist($merged, $userId);
        return $merged;
    }

    private function merge(array $record, array $element, int $userId): array
    {
        unset($element['id']);
        $record['data'] = array_merge($record['data'], $this->normalise($record['module'], $element));
        $record['data']['modifiedtime'] = $this->clock->dateTime();
        $record['data']['modifiedby'] = '19x' . $userId;
        $this->rejectDuplicates($record['module'], $record['data'], $record['crmid']);
        $record['data'] = $this->derived($record['module'], $record['data']);
        return $record;
    }

    private function persist(array $record, int $userId): void
    {
        $this->store->save($record['crmid'], $this->ownerOf($record['data'], $userId), $record['data'], $this->clock->now());
    }

    private function checkReferences(string $module, array $element): void
    {
        foreach ($this->meta->referenceFields($module) as $field => $refersTo) {
            $value = $element[$field] ?? '';
            if (!is_scalar($value) || (string) $value === '') {
                continue;
            }
            $value = (string) $value;
            if (!str_contains($value, 'x')) {
                throw Errors::accessDenied(Errors::DENIED_ID);
            }
            $target = $this->ids->moduleOf($value);
            if (!in_array($target, $refersTo, true)) {
                throw new WebServiceException('REFERENCE_INVALID', 'Invalid reference specified for ' . $field);
            }
        }
    }

    private function dropEmptyReferences(string $module, array $element): array
    {
        foreach (array_keys($this->meta->referenceFields($module)) as $field) {
            if (array_key_exists($field, $element) && ($element[$field] === '' || $element[$field] === null)) {
                unset($element[$field]);
            }
        }
        return $element;
    }

    private function requireMandatory(string $module, array $element, array $fields): void
    {
        foreach ($fields as $field) {
            $value = $element[$field] ?? null;
            if ($value === null || (is_string($value) && trim($value) === '') || $value === []) {
                throw new WebServiceException('MANDATORY_FIELDS_MISSING', $field . ' does not have a value');
            }
        }
    }

    private function rejectDuplicates(string $module, array $data, ?int $self): void
    {
        $unique = $this->meta->uniqueFields($module);
        if ($unique === []) {
            return;
        }
        foreach ($this->store->live($module) as $other) {
            if ($other['crmid'] === $self) {
                continue;
            }
            foreach ($unique as $field) {
                if (mb_strtolower((string) ($other['data'][$field] ?? '')) === mb_strtolower((string) ($data[$field] ?? ''))) {
                    throw new DuplicateException();
                }
            }
        }
    }

    private function initialData(string $module, int $userId): array
    {
        $data = [];
        foreach ($this->meta->fields($module) as $name => $field) {
            $data[$name] = $field['type']['name'] === 'boolean' ? '0' : '';
        }
        unset($data['id']);
        $data = array_merge($data, $this->meta->defaults($module));
        $now = $this->clock->dateTime();
        $data['createdtime'] = $now;
        $data['modifiedtime'] = $now;
        $data['modifiedby'] = '19x' . $userId;
        $autonumber = $this->meta->autonumber($module);
        if ($autonumber !== null) {
            $data[$autonumber[0]] = $autonumber[1] . $this->store->nextAutonumber($module);
        }
        return $data;
    }

    /** Field values as Vtiger stores them: strings, dates as Y-m-d, decimals at column scale. */
    private function normalise(string $module, array $element): array
    {
        $fields = $this->meta->fields($module);
        $decimals = $this->meta->decimals($module);
        $out = [];
        foreach ($element as $name => $value) {
            if (!isset($fields[$name]) || $name === 'id' || is_array($value)) {
                continue;
            }
            $text = self::toText($value);
            $type = $fields[$name]['type']['name'];
            if ($type === 'date') {
                $text = self::isoDate($text);
            } elseif ($type === 'boolean') {
                $text = in_array(strtolower($text), ['1', 'true', 'on', 'yes'], true) ? '1' : '0';
            } elseif (isset($decimals[$name]) && is_numeric($text)) {
                $text = number_format((float) $text, $decimals[$name], '.', '');
            }
            $out[$name] = $text;
        }
        return $out;
    }

    private function derived(string $module, array $data): array
    {
        if ($module === 'Potentials' && is_numeric($data['amount'] ?? '') && is_numeric($data['probability'] ?? '')) {
            $data['forecast_amount'] = number_format((float) $data['amount'] * (float) $data['probability'] / 100, 8, '.', '');
        }
        return $data;
    }

    private function ownerOf(array $data, int $fallback): int
    {
        $owner = (string) ($data['assigned_user_id'] ?? '');
        return str_starts_with($owner, '19x') ? IdLadder::leadingInt(substr($owner, 3)) : $fallback;
    }

    private function reEscapedDescription(array $data): string
    {
        $description = (string) $data['description'];
        foreach ($data as $field => $value) {
            // Vtiger's per-request encoding cache spares a value another field already holds.
            if ($field !== 'description' && $value === $description && $description !== '') {
                return $description;
            }
        }
        return htmlentities($description, ENT_QUOTES | ENT_HTML401, 'UTF-8');
    }

    private static function toText(mixed $value): string
    {
        $text = match (true) {
            is_bool($value) => $value ? '1' : '0',
            $value === null => '',
            default => (string) $value,
        };
        // The recorded install used utf8mb3 columns: each 4-byte character became "????".
        return (string) preg_replace('/[\x{10000}-\x{10FFFF}]/u', '????', $text);
    }

    private static function isoDate(string $text): string
    {
        if (preg_match('#^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$#', $text, $m) === 1) {
            return sprintf('%04d-%02d-%02d', $m[3], $m[2], $m[1]);
        }
        return $text;
    }
}
