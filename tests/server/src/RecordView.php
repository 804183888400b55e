<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Turns stored records into the shapes Vtiger answers with (retrieve / query rows). */
final class RecordView
{
    public function __construct(private readonly Metadata $meta, private readonly \PDO $db)
    {
    }

    /**
     * The full record as create/retrieve/update return it: every field, then id and label.
     * A create answer of Products also echoes "currency1", the unit price as a PHP number.
     */
    public function full(array $record, bool $asCreated = false, array $leaveOut = []): array
    {
        $out = [];
        foreach ($this->meta->recordKeys($record['module']) as $key) {
            if ($leaveOut !== [] && in_array($key, $leaveOut, true)) {
                continue;
            }
            if ($key === 'currency1') {
                if ($asCreated) {
                    $out[$key] = (float) ($record['data']['unit_price'] ?? 0);
                }
                continue;
            }
            $value = $this->valueOf($record, $key);
            if ($value !== null) {
                $out[$key] = $value;
            }
        }
        return $out;
    }

    /** A query/sync row: like retrieve but without label. */
    public function row(array $record): array
    {
        // Left out rather than computed and dropped: the attachment ids cost a query per row.
        return $this->full($record, false, ['label', 'imageattachmentids']);
    }

    public function wsId(array $record): string
    {
        $prefix = $this->meta->entityId($record['module'] === 'Events' ? 'Events' : $record['module']);
        return $prefix . 'x' . $record['crmid'];
    }

    public function label(array $record): string
    {
        $parts = [];
        foreach ($this->meta->labelFields($record['module']) as $field) {
            $parts[] = (string) ($record['data'][$field] ?? '');
        }
        return htmlspecialchars(trim(implode(' ', $parts)), ENT_QUOTES, 'UTF-8');
    }

    private function valueOf(array $record, string $key): ?string
    {
        return match ($key) {
            'id' => $this->wsId($record),
            'label' => ($label = $this->label($record)) === '' ? null : $label,
            'imageattachmentids' => $this->attachmentIds($record),
            default => (string) ($record['data'][$key] ?? ''),
        };
    }

    private function attachmentIds(array $record): ?string
    {
        $statement = $this->db->prepare('SELECT attachmentsid FROM vtiger_seattachmentsrel WHERE crmid = ? ORDER BY attachmentsid');
        $statement->execute([$record['crmid']]);
        $ids = $statement->fetchAll(\PDO::FETCH_COLUMN);
        if ($ids === []) {
            return null;
        }
        $prefix = $this->meta->entityId($record['module']);
        return implode(',', array_map(static fn ($id): string => $prefix . 'x' . $id, $ids));
    }
}
