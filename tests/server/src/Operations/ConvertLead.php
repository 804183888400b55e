<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\IdLadder;
use Vtws\TestServer\WebServiceException;

/** convertlead (include/Webservices/ConvertLead.php): element {leadId, entities:{Module:{create, name, ...}}}. */
final class ConvertLead
{
    private const FROM_LEAD = [
        'Accounts' => ['company' => 'accountname', 'industry' => 'industry', 'website' => 'website', 'phone' => 'phone'],
        'Contacts' => ['firstname' => 'firstname', 'lastname' => 'lastname', 'email' => 'email', 'phone' => 'phone',
            'salutationtype' => 'salutationtype', 'leadsource' => 'leadsource'],
        'Potentials' => ['leadsource' => 'leadsource'],
    ];

    public function __construct(private readonly Context $ctx)
    {
    }

    public function convertlead(mixed $element, ?array $user): ?array
    {
        $element = is_array($element) ? $element : [];
        $leadId = is_scalar($element['leadId'] ?? null) ? (string) $element['leadId'] : null;
        $stored = $this->ctx->store->find(IdLadder::leadingInt(explode('x', (string) $leadId, 2)[1] ?? ''));
        if ($stored !== null && $stored['module'] === 'Leads' && $stored['converted'] !== 0) {
            throw new WebServiceException('LEAD_ALREADY_CONVERTED', 'Lead is already converted');
        }
        $lead = $this->ctx->ids->resolve($leadId);
        $entities = is_array($element['entities'] ?? null) ? $element['entities'] : [];
        if (!$this->wants($entities, 'Accounts') && !$this->wants($entities, 'Contacts')) {
            return null;
        }
        $created = [];
        foreach (['Accounts', 'Contacts', 'Potentials'] as $module) {
            if ($this->wants($entities, $module)) {
                $created[$module] = $this->createEntity($module, $entities[$module], $lead, $created, $element, $user);
            }
        }
        $this->ctx->store->markConverted($lead['crmid'], $this->ctx->clock->now());
        return $created;
    }

    private function wants(array $entities, string $module): bool
    {
        $entry = $entities[$module] ?? null;
        return is_array($entry) && filter_var($entry['create'] ?? false, FILTER_VALIDATE_BOOLEAN);
    }

    private function createEntity(string $module, array $given, array $lead, array $created, array $element, array $user): string
    {
        $fields = [];
        foreach (self::FROM_LEAD[$module] as $leadField => $field) {
            $fields[$field] = $lead['data'][$leadField] ?? '';
        }
        $fields['assigned_user_id'] = $element['assignedTo'] ?? $lead['data']['assigned_user_id'];
        if ($module === 'Contacts' && isset($created['Accounts'])) {
            $fields['account_id'] = $created['Accounts'];
        }
        if ($module === 'Potentials') {
            $fields['related_to'] = $created['Accounts'] ?? $created['Contacts'] ?? '';
            $fields['contact_id'] = $created['Contacts'] ?? '';
        }
        unset($given['create'], $given['name']);
        try {
            $record = $this->ctx->writer->create($module, array_merge($fields, $given), $user['id']);
        } catch (WebServiceException $e) {
            throw new WebServiceException('UNKNOWN_OPERATION', $e->getMessage());
        }
        return $this->ctx->view->wsId($record);
    }
}
