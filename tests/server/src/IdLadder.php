<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Resolves a webservice id ("12x34") the way VtigerWebserviceObject::fromId and the
 * record lookup do, producing the same error for each kind of bad id (doc §4).
 */
final class IdLadder
{
    public function __construct(private readonly Metadata $meta, private readonly RecordStore $store)
    {
    }

    /** MySQL's string-to-integer coercion: leading digits, else 0. */
    public static function leadingInt(string $text): int
    {
        return preg_match('/^\s*([+-]?\d+)/', $text, $m) === 1 ? (int) $m[1] : 0;
    }

    /** The module an id's prefix names, or ACCESS_DENIED "...for id". */
    public function moduleOf(?string $id): string
    {
        $prefix = self::leadingInt(explode('x', (string) $id)[0]);
        $module = $this->meta->entityName($prefix);
        if ($id === null || $id === '' || $module === null) {
            throw Errors::accessDenied(Errors::DENIED_ID);
        }
        return $module;
    }

    /** @return array the stored record (or the user shaped as a record) the id designates */
    public function resolve(?string $id): array
    {
        $module = $this->moduleOf($id);
        $parts = explode('x', (string) $id, 2);
        $recordPart = $parts[1] ?? '';
        if ($recordPart === '' || preg_match('/^\s*\d/', $recordPart) !== 1) {
            throw Errors::accessDenied();
        }
        $crmid = self::leadingInt($recordPart);
        return $module === 'Users' ? $this->resolveUser($crmid) : $this->resolveRecord($module, $crmid);
    }

    private function resolveRecord(string $module, int $crmid): array
    {
        $record = $this->store->find($crmid);
        if ($record === null || $record['deleted'] !== 0 || $record['converted'] !== 0) {
            throw Errors::accessDenied();
        }
        $sameModule = $record['module'] === $module
            || (in_array($module, ['Calendar', 'Events'], true) && in_array($record['module'], ['Calendar', 'Events'], true));
        if (!$sameModule) {
            throw new WebServiceException('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
        }
        return $record;
    }

    private function resolveUser(int $id): array
    {
        $user = $this->store->user($id);
        if ($user === null) {
            throw Errors::accessDenied();
        }
        if ($user['status'] !== 'Active') {
            throw new WebServiceException('RECORD_NOT_FOUND', 'Record you are trying to access is not found');
        }
        return ['crmid' => $id, 'module' => 'Users', 'owner' => $id, 'data' => $user['data'], 'mtime' => 0,
            'deleted' => 0, 'converted' => 0];
    }
}
