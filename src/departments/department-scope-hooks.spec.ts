import type { EntityManager } from 'typeorm';
import { DepartmentScopeHooks } from './department-scope-hooks';
import type { Department } from './entities/department.entity';

describe('DepartmentScopeHooks', () => {
  const manager = {} as EntityManager;
  const department = { id: 'd1' } as Department;

  it('runs the registered hooks in order with the caller\'s manager and department', async () => {
    const hooks = new DepartmentScopeHooks();
    const calls: string[] = [];
    hooks.onScopeChanged((m, d) => Promise.resolve(calls.push(`a ${m === manager} ${d.id}`)));
    hooks.onScopeChanged((m, d) => Promise.resolve(calls.push(`b ${m === manager} ${d.id}`)));
    await hooks.scopeChanged(manager, department);
    expect(calls).toEqual(['a true d1', 'b true d1']);
  });

  it('lets a hook\'s failure through, so the department change\'s transaction rolls back', async () => {
    const hooks = new DepartmentScopeHooks();
    hooks.onScopeChanged(() => Promise.reject(new Error('resolve failed')));
    await expect(hooks.scopeChanged(manager, department)).rejects.toThrow('resolve failed');
  });

  it('refuses a scope change when nothing is registered (FilesModule not loaded)', async () => {
    await expect(new DepartmentScopeHooks().scopeChanged(manager, department)).rejects.toThrow(/No handler registered/);
  });
});
