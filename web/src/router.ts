import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from './stores/session';

type Role = 'admin' | 'accountant' | 'treasurer' | 'auditor';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Who may open the page; absent: everyone signed in. */
    roles?: Role[];
    public?: boolean;
  }
}

const BOOKS: Role[] = ['accountant', 'auditor', 'admin'];

/** Each page is its own chunk, loaded when first opened. */
export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
  { path: '/password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
  {
    path: '/',
    component: () => import('./layouts/ConsoleLayout.vue'),
    children: [
      { path: '', component: () => import('./views/HomeRedirect.vue') },
      { path: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '工作台', roles: BOOKS } },
      { path: 'records', component: () => import('./views/RecordsView.vue'), meta: { title: '基础资料', roles: BOOKS } },
      { path: 'projects/:id', component: () => import('./views/ProjectView.vue'), meta: { title: '项目', roles: BOOKS } },
      {
        path: 'projects/:id/distribution/:year',
        component: () => import('./views/RunView.vue'),
        meta: { title: '年度分红', roles: BOOKS },
      },
      { path: 'projects/:id/payments', component: () => import('./views/PaymentsView.vue'), meta: { title: '支付', roles: BOOKS } },
      { path: 'projects/:id/books', component: () => import('./views/BooksView.vue'), meta: { title: '账簿与报表', roles: BOOKS } },
      {
        path: 'projects/:id/vouchers/:number',
        component: () => import('./views/VoucherView.vue'),
        meta: { title: '记账凭证', roles: BOOKS },
      },
      { path: 'import', component: () => import('./views/ImportView.vue'), meta: { title: '导入与期初', roles: ['accountant', 'admin'] } },
      { path: 'villages/:villageId', component: () => import('./views/VillageView.vue'), meta: { title: '村分红' } },
      { path: 'villages', component: () => import('./views/VillagesView.vue'), meta: { title: '村集体', roles: BOOKS } },
      { path: 'villages/:villageId/members', component: () => import('./views/VillageMembersView.vue'), meta: { title: '成员' } },
      { path: 'villages/:villageId/book', component: () => import('./views/VillageBookView.vue'), meta: { title: '村账' } },
      { path: 'villages/:villageId/policies', component: () => import('./views/VillagePolicyView.vue'), meta: { title: '村分配方案' } },
      { path: 'villages/:villageId/runs', component: () => import('./views/VillageRunView.vue'), meta: { title: '成员分红' } },
      { path: 'villages/:villageId/runs/:year', component: () => import('./views/VillageRunView.vue'), meta: { title: '成员分红' } },
      { path: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', roles: ['auditor', 'admin'] } },
      { path: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '用户', roles: ['admin'] } },
      { path: ':rest(.*)*', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  const session = useSession();
  if (to.meta.public) return true;
  if (!session.signedIn) return { path: '/login', query: { redirect: to.fullPath } };
  if (session.mustChangePassword && to.path !== '/password') return { path: '/password', query: { redirect: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 飞地经济分红台账` : '飞地经济分红台账';
});

/** Where a user lands after signing in. */
export function homeOf(role: string | null, villageId?: string | null): string {
  if (role === 'treasurer' && villageId) return `/villages/${villageId}`;
  if (role === 'admin') return '/users';
  return '/dashboard';
}
