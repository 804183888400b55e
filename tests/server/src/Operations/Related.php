<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\Errors;
use Vtws\TestServer\WebServiceException;

/** relatedtypes, retrieve_related, query_related, add_related (Vtiger 7.0+ operations). */
final class Related
{
    public function __construct(private readonly Context $ctx)
    {
    }

    public function relatedtypes(?string $elementType, ?array $user): array
    {
        $types = $elementType === null ? null : $this->ctx->meta->relatedTypes($elementType);
        if ($types === null) {
            throw Errors::accessDenied(Errors::DENIED_NAME . (string) $elementType);
        }
        return $types;
    }

    public function retrieveRelated(?string $id, ?string $relatedType, ?string $relatedLabel, ?array $user): array
    {
        return $this->queryRelated('SELECT * FROM ' . (string) $relatedType, $id, $relatedLabel, $user);
    }

    public function queryRelated(?string $query, ?string $id, ?string $relatedLabel, ?array $user): array
    {
        $record = $this->ctx->ids->resolve($id);
        // Vtiger reads the module with /FROM\s+([^\s]+)/, so "Contacts;" is not a module.
        preg_match('/FROM\s+([^\s]+)/i', (string) $query, $m);
        $relatedModule = $m[1] ?? '';
        if (!$this->isRelation($record['module'], $relatedModule, (string) $relatedLabel)) {
            throw new WebServiceException('UNKOWN_ENTITY', 'Relation specified is incorrect');
        }
        $ids = $this->relatedIds($record, $relatedModule);
        if ($ids === []) {
            return [];
        }
        $list = 'id IN (' . implode(',', array_map(static fn (string $id): string => "'$id'", $ids)) . ')';
        $pos = strpos((string) $query, 'WHERE');
        $spliced = $pos === false
            ? $query . ' WHERE ' . $list
            : substr((string) $query, 0, $pos) . 'WHERE ' . $list . ' AND' . substr((string) $query, $pos + 5);
        return (new Query($this->ctx))->query($spliced . ';', $user);
    }

    public function addRelated(?string $sourceRecordId, ?string $relatedRecordId, ?string $relationIdLabel, ?array $user): array
    {
        $source = $this->ctx->ids->resolve($sourceRecordId);
        $related = $this->ctx->ids->resolve($relatedRecordId);
        $label = is_numeric($relationIdLabel) ? '' : (string) $relationIdLabel;
        // Vtiger 8.0 answers the same whatever it did. Without a relation between the modules
        // it does nothing; a 1:N relation (Accounts to Contacts) only gets a vtiger_crmentityrel
        // row, which the 1:N queries behind retrieve_related never read (the link is the
        // Contact's account_id), so the record does not show as related. Only N:N relations
        // (Potentials to Contacts) write a link that both sides read.
        if ($this->ctx->meta->relationType($source['module'], $related['module'], $label) === 'N:N') {
            $this->ctx->db->prepare('INSERT INTO relations (crmid, relcrmid, label) VALUES (?, ?, ?)')
                ->execute([$source['crmid'], $related['crmid'], $label]);
        }
        return ['message' => 'successfull'];
    }

    private function isRelation(string $module, string $relatedModule, string $label): bool
    {
        $types = $this->ctx->meta->relatedTypes($module);
        $info = $types['information'][$label] ?? null;
        return $info !== null && $info['name'] === $relatedModule;
    }

    /** @return list<string> ws ids of live records of $module linked to $record */
    private function relatedIds(array $record, string $module): array
    {
        $source = $this->ctx->view->wsId($record);
        $references = array_keys($this->ctx->meta->referenceFields($module));
        $ids = [];
        foreach ($this->ctx->store->live($module) as $candidate) {
            foreach ($references as $field) {
                if (($candidate['data'][$field] ?? '') === $source && $field !== 'assigned_user_id') {
                    $ids[$candidate['crmid']] = true;
                }
            }
        }
        $statement = $this->ctx->db->prepare('SELECT relcrmid AS other FROM relations WHERE crmid = ?
            UNION SELECT crmid AS other FROM relations WHERE relcrmid = ?');
        $statement->execute([$record['crmid'], $record['crmid']]);
        $linked = array_map('intval', $statement->fetchAll(\PDO::FETCH_COLUMN));
        // The source's own reference fields (a Potential's contact_id) relate too.
        foreach (array_keys($this->ctx->meta->referenceFields($record['module'])) as $field) {
            $value = (string) ($record['data'][$field] ?? '');
            if ($field !== 'assigned_user_id' && $field !== 'modifiedby' && str_contains($value, 'x')) {
                $linked[] = (int) explode('x', $value, 2)[1];
            }
        }
        foreach ($this->ctx->store->byIds($linked) as $candidate) {
            if ($candidate['module'] === $module && $candidate['deleted'] === 0) {
                $ids[$candidate['crmid']] = true;
            }
        }
        ksort($ids);
        $prefix = $this->ctx->meta->entityId($module);
        return array_map(static fn (int $crmid): string => $prefix . 'x' . $crmid, array_keys($ids));
    }
}
