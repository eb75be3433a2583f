import { createPinia } from 'pinia';
import { createApp } from 'vue';
// The styles of Element Plus's function APIs (ElMessage, ElMessageBox), which no template names.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/theme-chalk/el-reset.css';
import App from './App.vue';
import { router } from './router';
import { bindSession, useSession } from './stores/session';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
const session = useSession();
bindSession(session, () => {
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.push({ path: '/login', query: { redirect: here.fullPath } });
});
app.use(router);
app.mount('#app');
